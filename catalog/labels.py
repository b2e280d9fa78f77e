"""Each process's copy of the items' labels (enforcement.core.labels): id → (code, name, domain code, domain name)."""

from enforcement.core.labels import LabelTable


def _load():
    from .models import Item

    return {pk: (code, name, domain, domain_name) for pk, code, name, domain, domain_name
            in Item.objects.order_by().values_list("id", "code", "name", "domain__code", "domain__name")}


item_labels = LabelTable("catalog.items", _load)
