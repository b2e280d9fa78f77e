"""Possible duplicates of a clue: same place or party, similar text, received within N days.

Candidates come from three index lookups (same normalised address, same party, within ~150 m) in the
window; each is scored by what matches plus the bigram similarity of the descriptions.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import Clue, State
from .text import bigrams, jaccard

NEAR_DEGREES = Decimal("0.0015")  # about 150 m
MIN_SCORE = 0.5


def _near(a, b):
    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return False
    return abs(a.latitude - b.latitude) <= NEAR_DEGREES and abs(a.longitude - b.longitude) <= NEAR_DEGREES


def find_duplicates(*, clue, days=None, limit=5):
    """[{code, score, reasons}] best first: earlier or later unmerged clues that may report the same matter."""
    days = settings.CLUE_DUPLICATE_DAYS if days is None else days
    start, end = clue.received_at - timedelta(days=days), clue.received_at + timedelta(days=1)
    place = Q()
    if clue.address_key:
        place |= Q(address_key=clue.address_key)
    if clue.subject_key:
        place |= Q(subject_key=clue.subject_key)
    if clue.latitude is not None and clue.longitude is not None:
        place |= Q(latitude__range=(clue.latitude - NEAR_DEGREES, clue.latitude + NEAR_DEGREES),
                   longitude__range=(clue.longitude - NEAR_DEGREES, clue.longitude + NEAR_DEGREES))
    if not place:
        return []
    candidates = (Clue.objects.filter(place, received_at__range=(start, end)).exclude(pk=clue.pk)
                  .exclude(state=State.MERGED).order_by("-received_at")
                  .only("id", "code", "address_key", "subject_key", "latitude", "longitude", "description")[:50])
    words = bigrams(clue.description)
    found = []
    for other in candidates:
        score, reasons = 0.0, []
        if clue.address_key and other.address_key == clue.address_key:
            score += 0.45
            reasons.append(str(_("same address")))
        elif _near(clue, other):
            score += 0.35
            reasons.append(str(_("within 150 m")))
        if clue.subject_key and other.subject_key == clue.subject_key:
            score += 0.3
            reasons.append(str(_("same party")))
        similarity = jaccard(words, bigrams(other.description))
        if similarity >= 0.1:
            score += 0.5 * similarity
            reasons.append(str(_("similar text (%(pct)s%%)")) % {"pct": round(similarity * 100)})
        score = round(min(score, 1.0), 3)
        if score >= MIN_SCORE:
            found.append({"code": other.code, "score": score, "reasons": reasons})
    found.sort(key=lambda d: -d["score"])
    return found[:limit]
