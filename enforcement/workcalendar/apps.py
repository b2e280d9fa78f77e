from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkCalendarConfig(AppConfig):
    name = "enforcement.workcalendar"
    label = "workcalendar"
    verbose_name = _("Holiday calendar")

    def ready(self):
        from . import checks  # noqa: F401 - registers the coverage check
