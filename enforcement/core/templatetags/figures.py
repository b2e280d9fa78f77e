"""Numbers as a Chinese reader expects them: thousands separators, money in 元 or 万元 (issue 13)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext as _

register = template.Library()

TEN_THOUSAND = Decimal(10000)


def _decimal(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def thousands(value):
    """12345 → "12,345"; 1234.5 → "1,234.5"; nothing → "—"."""
    number = _decimal(value)
    if number is None:
        return "—"
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


@register.filter
def money(value):
    """Yuan for a reader: "8,500 元" below ten thousand, "59.94 万元" from ten thousand on; nothing → "—"."""
    number = _decimal(value)
    if number is None:
        return "—"
    if abs(number) >= TEN_THOUSAND:
        wan = (number / TEN_THOUSAND).quantize(Decimal("0.01"))
        return _("%(amount)s ten thousand yuan") % {"amount": f"{wan:,.2f}"}
    amount = f"{int(number):,}" if number == number.to_integral_value() else f"{number:,.2f}"
    return _("%(amount)s yuan") % {"amount": amount}


@register.filter
def signed_pct(value):
    """+12.5% / −3.2% / "—" (no comparison)."""
    if value is None:
        return "—"
    number = float(value)
    return f"+{number:g}%" if number > 0 else (f"−{abs(number):g}%" if number < 0 else "0%")


@register.filter
def days_from(day, today):
    """Whole days from `today` to `day` (negative: past), for deadline badges; None without a day."""
    if not day or not today:
        return None
    if hasattr(day, "date") and callable(day.date):
        from django.utils import timezone

        day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
    return (day - today).days


@register.filter
def absolute(value):
    return abs(value) if value is not None else None
