"""Each process's copy of the townships' list labels (enforcement.core.labels): id → (code, name)."""

from enforcement.core.labels import LabelTable


def _load():
    from .models import Township

    return {pk: (code, name) for pk, code, name in Township.objects.order_by().values_list("id", "code", "name")}


township_labels = LabelTable("townships.townships", _load)
