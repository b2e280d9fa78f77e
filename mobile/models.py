"""The phone app keeps almost nothing of its own: the officer's favourite catalogue items (常用事项).
Each user only ever reads their own rows (`mobile.selectors` filters by user)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FavouriteItem(models.Model):
    """A catalogue item an officer pinned to the top of the phone's item search."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="favourite_items")
    item = models.ForeignKey("catalog.Item", verbose_name=_("enforcement item"), on_delete=models.CASCADE,
                             related_name="+")
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("favourite item")
        verbose_name_plural = _("favourite items")
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="favourite_item_unique_per_user")]

    def __str__(self):
        return f"{self.user_id} ★ {self.item_id}"
