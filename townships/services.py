"""Writes and business rules of the organisation app."""

from django.utils import timezone

from .models import Empowerment


def is_empowered(township, item, on_date=None):
    """The single guard (行政处罚法 art. 24): may `township` exercise catalogue `item` on `on_date`?"""
    on_date = on_date or timezone.localdate()
    if item.status != "active" or item.valid_from > on_date or (item.valid_to and item.valid_to < on_date):
        return False
    return Empowerment.objects.in_force(on_date).filter(township=township, item=item).exists()
