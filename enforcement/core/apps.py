from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "enforcement.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self):
        from .middleware import connect_auditlog_receiver

        connect_auditlog_receiver()
