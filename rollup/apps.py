from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RollupConfig(AppConfig):
    """County → city → province: a county's signed monthly forms and the roll-up of many counties' files."""

    name = "rollup"
    verbose_name = _("County roll-up")
