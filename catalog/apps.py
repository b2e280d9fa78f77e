from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Enforcement catalogue")

    def ready(self):
        from .labels import item_labels
        from .models import Domain, Item

        item_labels.watch(Item, Domain)  # an item's labels hold its domain's code
