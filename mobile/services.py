"""Writes of the phone app: the officer's favourite items."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Item
from enforcement.accounts import access

from .models import FavouriteItem


def _item(code):
    item = Item.objects.filter(code=str(code or "").strip()).first()
    if item is None:
        raise ValidationError({"item": _("Unknown enforcement item.")})
    return item


@transaction.atomic
def favourite_add(*, actor, code):
    access.require(actor, "mobile.use")
    FavouriteItem.objects.get_or_create(user=actor, item=_item(code))


@transaction.atomic
def favourite_remove(*, actor, code):
    access.require(actor, "mobile.use")
    FavouriteItem.objects.filter(user=actor, item=_item(code)).delete()
