from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TownshipsConfig(AppConfig):
    name = "townships"
    verbose_name = _("Organisation")

    def ready(self):
        from .labels import township_labels, zone_labels
        from .models import Township, Zone

        township_labels.watch(Township)
        zone_labels.watch(Zone)
