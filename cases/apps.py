from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Case handling")

    def ready(self):
        from .hooks import register_detail_panel
        from .panels import (
            appeals_panel,
            case_file_panel,
            coercive_panel,
            execution_panel,
            prior_violations_panel,
            transfers_panel,
        )

        register_detail_panel(prior_violations_panel)
        register_detail_panel(execution_panel)
        register_detail_panel(coercive_panel)
        register_detail_panel(appeals_panel)
        register_detail_panel(transfers_panel)
        register_detail_panel(case_file_panel)
