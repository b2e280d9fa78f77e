"""Issuing 行政行为码. Cases and inspections call `action_code_issue`; the public verify page reads them."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ActionCode, ActionCodeSequence


def _check_digit(body):
    # ISO 7064 MOD 11-2 over the digits, as in the GB 11643 ID number: catches one-character typos.
    total = sum(int(ch) * (2 ** (len(body) - i) % 11) for i, ch in enumerate(body) if ch.isdigit())
    return "10X98765432"[total % 11]


@transaction.atomic
def action_code_issue(*, kind, agency, status="", on_date=None):
    """Create the next code of `kind` for the year, e.g. 330203-CF-2026-0000123-7. Concurrency-safe."""
    on_date = on_date or timezone.localdate()
    try:
        with transaction.atomic():
            ActionCodeSequence.objects.get_or_create(kind=kind, year=on_date.year)
    except IntegrityError:
        pass  # another transaction created the row first; the lock below serialises us after it
    sequence = ActionCodeSequence.objects.select_for_update().get(kind=kind, year=on_date.year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    body = f"{settings.AGENCY_REGION_CODE}{on_date.year}{sequence.last_number:07d}"
    code = f"{settings.AGENCY_REGION_CODE}-{kind}-{on_date.year}-{sequence.last_number:07d}-{_check_digit(body)}"
    return ActionCode.objects.create(code=code, kind=kind, agency=agency, issued_on=on_date, status=status)


def action_code_set_status(*, code, status):
    ActionCode.objects.filter(code=code).update(status=str(status)[:50])
