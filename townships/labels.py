"""Each process's copies of the townships' and zones' list labels (enforcement.core.labels): id → (code, name)."""

from enforcement.core.labels import LabelTable


def _load():
    from .models import Township

    return {pk: (code, name) for pk, code, name in Township.objects.order_by().values_list("id", "code", "name")}


township_labels = LabelTable("townships.townships", _load)


def _load_zones():
    from .models import Zone

    return {pk: (code, name) for pk, code, name in Zone.objects.order_by().values_list("id", "code", "name")}


zone_labels = LabelTable("townships.zones", _load_zones)
