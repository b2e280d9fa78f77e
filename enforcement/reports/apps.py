from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "enforcement.reports"
    label = "reports"
    verbose_name = _("Monthly reports")

    def ready(self):
        from . import rollup

        rollup.connect()  # the figures' rollups follow every case and inspection write (issue 14)
