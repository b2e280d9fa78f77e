"""Each process's copy of the items' list labels (enforcement.core.labels): id → (code, name, domain code)."""

from enforcement.core.labels import LabelTable


def _load():
    from .models import Item

    return {pk: (code, name, domain) for pk, code, name, domain
            in Item.objects.order_by().values_list("id", "code", "name", "domain__code")}


item_labels = LabelTable("catalog.items", _load)
