from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = _("Intake and command centre")

    def ready(self):
        # The case detail page shows the clues a case answers through the cases app's panel hook, so that
        # `cases` never imports `intake` (dependencies point one way: intake → cases).
        from cases.hooks import register_detail_panel

        from .panels import source_clues_panel

        register_detail_panel(source_clues_panel)
