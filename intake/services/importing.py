"""Bulk import of 12345 work orders (xlsx or CSV): every row valid or nothing written.

The file is read by the catalogue's reader (`catalog.services.reading.read_table`: xlsx, CSV in UTF-8 or
GBK, size limit). Errors name the row and the column in Chinese. Work orders already received (same number)
are skipped and listed, so importing the same export twice creates nothing twice.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.services.reading import ImportFileError, read_table
from enforcement.accounts import access
from enforcement.core.locks import import_lock

from ..models import Clue, Source, Urgency
from .common import datetime_value, position
from .intake import clue_create

MAX_ROWS = 5000
# The file format of the hotline's export: header → field (data, not interface strings).
COLUMNS = {
    "工单编号": "work_order_number", "受理时间": "received_at", "诉求人": "reporter_name",
    "联系电话": "reporter_phone", "诉求内容": "description", "事发地址": "address", "紧急程度": "urgency",
    "涉事对象": "subject_name", "纬度": "latitude", "经度": "longitude", "匿名": "anonymous",
}
REQUIRED = ("work_order_number", "description", "address")
URGENCY_WORDS = {"紧急": Urgency.URGENT, "特急": Urgency.URGENT, "加急": Urgency.URGENT, "一般": Urgency.NORMAL,
                 "普通": Urgency.NORMAL, "": Urgency.NORMAL, "urgent": Urgency.URGENT, "normal": Urgency.NORMAL}
YES = {"是", "1", "yes", "true", "y"}
HEADER_BY_FIELD = {value: key for key, value in COLUMNS.items()}


@dataclass
class ImportResult:
    created: list = field(default_factory=list)  # clue codes
    skipped: list = field(default_factory=list)  # (work-order number, existing clue code)
    errors: list = field(default_factory=list)  # (row, column header or None, message)

    def add(self, row, column, message):
        self.errors.append((row, HEADER_BY_FIELD.get(column, column), str(message)))

    def as_dict(self):
        return {"created": self.created, "skipped": [{"work_order_number": n, "clue": c} for n, c in self.skipped],
                "errors": [{"row": r, "column": c, "message": m} for r, c, m in self.errors]}


class _Rollback(Exception):
    pass


def _parse(rows, result):
    header = [COLUMNS.get(cell.strip()) for cell in rows[0]]
    missing = [HEADER_BY_FIELD[f] for f in REQUIRED if f not in header]
    if missing:
        result.errors.append((1, None, _("Missing columns: %(columns)s") % {"columns": "、".join(missing)}))
        return []
    if len(rows) - 1 > MAX_ROWS:
        result.errors.append((1, None, _("At most %(n)s rows per import.") % {"n": MAX_ROWS}))
        return []
    parsed, seen = [], {}
    for number, cells in enumerate(rows[1:], start=2):
        data = {header[i]: cells[i].strip() for i in range(min(len(header), len(cells))) if header[i]}
        errors_before = len(result.errors)
        for key in REQUIRED:
            if not data.get(key):
                result.add(number, key, _("This field is required."))
        order = data.get("work_order_number", "")
        if order in seen:
            result.add(number, "work_order_number", _("Duplicate of row %(row)s.") % {"row": seen[order]})
        seen.setdefault(order, number)
        urgency = URGENCY_WORDS.get(data.get("urgency", "").lower())
        if urgency is None:
            result.add(number, "urgency", _("Urgency must be 紧急 or 一般."))
        try:
            data["received_at"] = datetime_value(data, "received_at")
        except ValidationError as exc:
            result.add(number, "received_at", exc.messages[0])
        try:
            data["latitude"], data["longitude"] = position(data)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                result.add(number, key, messages[0])
        if len(result.errors) == errors_before:
            data["urgency"] = urgency
            data["anonymous"] = data.get("anonymous", "").lower() in YES
            parsed.append((number, data))
    return parsed


def import_work_orders(*, actor, content, filename):
    """Create the clues of a work-order file. Returns ImportResult; any error → nothing was written."""
    access.require(actor, "clue.import")
    result = ImportResult()
    try:
        rows = read_table(content, filename)
    except ImportFileError as exc:
        raise ValidationError(str(exc)) from exc
    parsed = _parse(rows, result)
    if result.errors:
        return result
    if not parsed:
        result.errors.append((2, None, _("The file has no data rows.")))
        return result
    try:
        with transaction.atomic():
            import_lock("intake.work_orders")  # a concurrent import of the same orders waits, then skips them
            known = dict(Clue.objects.filter(source=Source.HOTLINE, external_number__in=[
                d["work_order_number"] for _n, d in parsed]).values_list("external_number", "code"))
            for number, data in parsed:
                order = data.pop("work_order_number")
                if order in known:
                    result.skipped.append((order, known[order]))
                    continue
                try:
                    clue = clue_create(actor=actor, source=Source.HOTLINE, external_number=order, **data)
                except ValidationError as exc:
                    for key, messages in getattr(exc, "message_dict", {None: exc.messages}).items():
                        result.add(number, key if key in HEADER_BY_FIELD else None, messages[0])
                    continue
                result.created.append(clue.code)
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.created = []
    return result
