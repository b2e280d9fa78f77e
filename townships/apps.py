from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TownshipsConfig(AppConfig):
    name = "townships"
    verbose_name = _("Organisation")

    def ready(self):
        from .labels import township_labels
        from .models import Township

        township_labels.watch(Township)
