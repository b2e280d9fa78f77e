"""监管一件事 checklists and industries (seeds 000, 001, 004): create, edit, version, retire, import, export.

A checklist version that a plan task, a joint inspection or an inspection used is never changed: the change is the
next version (code "<series>-v<n>"), which becomes the current one; the tasks keep the version they were planned
with. Points link to catalogue items in force. Every write needs `checklist.manage` and is audited.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from catalog.models import Item
from enforcement.accounts import access
from enforcement.audit import services as audit
from enforcement.core import spreadsheets

from ..models import Checklist, CheckPoint, Industry

MAX_POINTS = 200
MAX_IMPORT_ROWS = 10_000
MAX_EXPORT_ROWS = 50_000
_CODE = re.compile(r"^[-a-zA-Z0-9_]+$")
SERIES_MAX = 34  # room for "-v<n>" within the 40 characters of a code


# ---------------------------------------------------------------- industries

def _check_code(code, field_name="code", max_length=32):
    code = (code or "").strip()
    if not code:
        raise ValidationError({field_name: _("This field is required.")})
    if len(code) > max_length or not _CODE.match(code):
        raise ValidationError({field_name: _("A code has at most %(n)s letters, digits, hyphens or underscores.")
                               % {"n": max_length}})
    return code


@transaction.atomic
def industry_create(*, actor, code, name, departments=()):
    access.require(actor, "checklist.manage")
    code, name = _check_code(code), (name or "").strip()
    if Industry.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Another industry already has the code %(code)s.") % {"code": code}})
    if Industry.objects.filter(name=name).exists():
        raise ValidationError({"name": _("Another industry is already named %(name)s.") % {"name": name}})
    industry = Industry(code=code, name=name)
    industry.full_clean()
    industry.save()
    industry.departments.set(departments)
    audit.record("planning.industry_created", actor=actor, obj=industry, code=code,
                 departments=sorted(d.code for d in departments))
    return industry


@transaction.atomic
def industry_update(*, actor, industry, name=None, departments=None):
    """Rename an industry or change the departments that supervise it (they plan inspections of its subjects)."""
    access.require(actor, "checklist.manage")
    industry = Industry.objects.select_for_update().get(pk=industry.pk)
    changed = {}
    if name is not None and name.strip() != industry.name:
        name = name.strip()
        if Industry.objects.exclude(pk=industry.pk).filter(name=name).exists():
            raise ValidationError({"name": _("Another industry is already named %(name)s.") % {"name": name}})
        changed["name"] = [industry.name, name]
        industry.name = name
        industry.full_clean()
        industry.save(update_fields=["name"])
    if departments is not None:
        before = sorted(industry.departments.values_list("code", flat=True))
        after = sorted(d.code for d in departments)
        if before != after:
            industry.departments.set(departments)
            changed["departments"] = [before, after]
    if changed:
        audit.record("planning.industry_updated", actor=actor, obj=industry, code=industry.code, changed=changed)
    return industry


# ---------------------------------------------------------------- checklists

def checklist_in_use(checklist):
    """Has a plan task, joint inspection or inspection used this version? Then it is never edited."""
    return (checklist.week_tasks.exists() or checklist.joint_inspections.exists()
            or CheckPoint.objects.filter(checklist=checklist, results__isnull=False).exists())


def _resolve_points(points, *, on_date=None):
    """[(text, item or item code)] → [(text, Item)], refusing empty texts and items not in force."""
    on_date = on_date or timezone.localdate()
    points = list(points)
    if not points:
        raise ValidationError({"points": _("A checklist needs at least one check point.")})
    if len(points) > MAX_POINTS:
        raise ValidationError({"points": _("At most %(n)s check points.") % {"n": MAX_POINTS}})
    codes = {str(item).strip() for _text, item in points if not isinstance(item, Item)}
    items = {i.code: i for i in Item.objects.filter(code__in=codes)}
    resolved, errors, seen = [], [], set()
    for number, (text, item) in enumerate(points, start=1):
        text = (text or "").strip()
        if not text:
            errors.append(_("Point %(n)s: the check point text is empty.") % {"n": number})
            continue
        if len(text) > 300:
            errors.append(_("Point %(n)s: at most 300 characters.") % {"n": number})
            continue
        if text in seen:
            errors.append(_("Point %(n)s: the same check point appears twice.") % {"n": number})
        seen.add(text)
        found = item if isinstance(item, Item) else items.get(str(item).strip())
        if found is None:
            errors.append(_("Point %(n)s: unknown catalogue item %(code)s.") % {"n": number, "code": item})
        elif found.status != "active" or found.valid_from > on_date or (found.valid_to and found.valid_to < on_date):
            errors.append(_("Point %(n)s: catalogue item %(code)s is not in force.") % {"n": number,
                                                                                       "code": found.code})
        else:
            resolved.append((text, found))
    if errors:
        raise ValidationError({"points": errors})
    return resolved


def _write_points(checklist, points):
    CheckPoint.objects.bulk_create([
        CheckPoint(checklist=checklist, code=f"{checklist.code}-{number:02d}", order=number, text=text, item=item)
        for number, (text, item) in enumerate(points, start=1)])


def _point_summary(points):
    return [[text, item.code] for text, item in points]


@transaction.atomic
def checklist_create(*, actor, code, name, industry, points, note=""):
    """Version 1 of a new checklist with its points [(text, item)]."""
    access.require(actor, "checklist.manage")
    code = _check_code(code, max_length=SERIES_MAX)
    name = (name or "").strip()
    if Checklist.objects.filter(series=code).exists() or Checklist.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Another checklist already has the code %(code)s.") % {"code": code}})
    resolved = _resolve_points(points)
    checklist = Checklist(code=code, series=code, version=1, name=name, industry=industry,
                          valid_from=timezone.localdate(), note=(note or "").strip())
    checklist.full_clean(validate_constraints=False)
    checklist.save()
    _write_points(checklist, resolved)
    audit.record("planning.checklist_created", actor=actor, obj=checklist, code=code, industry=industry.code,
                 points=_point_summary(resolved))
    return checklist


def _latest(series):
    return Checklist.objects.select_for_update().filter(series=series).order_by("-version").first()


@transaction.atomic
def checklist_update(*, actor, checklist, name=None, points=None, note=None):
    """Change the current version in place while nobody has used it; once used, make a new version instead."""
    access.require(actor, "checklist.manage")
    checklist = Checklist.objects.select_for_update().get(pk=checklist.pk)
    if not checklist.is_active:
        raise ValidationError(_("Only the current version of a checklist in use can be changed."))
    if checklist_in_use(checklist):
        raise ValidationError(_("Version %(version)s of this checklist has been used by plan tasks or inspections "
                                "and stays as it is: save the change as a new version.")
                              % {"version": checklist.version})
    changed = {}
    if name is not None and name.strip() != checklist.name:
        changed["name"] = [checklist.name, name.strip()]
        checklist.name = name.strip()
    if note is not None:
        checklist.note = note.strip()
    checklist.full_clean(validate_constraints=False)
    checklist.save()
    if points is not None:
        resolved = _resolve_points(points)
        before = [[p.text, p.item.code] for p in checklist.points.select_related("item")]
        if before != _point_summary(resolved):
            checklist.points.all().delete()
            _write_points(checklist, resolved)
            changed["points"] = [before, _point_summary(resolved)]
    if changed:
        audit.record("planning.checklist_updated", actor=actor, obj=checklist, code=checklist.code, changed=changed)
    return checklist


@transaction.atomic
def checklist_new_version(*, actor, checklist, name=None, points=None, note=""):
    """The next version of the checklist's series (points copied unless given); it becomes the current one and the
    earlier version is kept for the tasks planned with it."""
    access.require(actor, "checklist.manage")
    latest = _latest(checklist.series)
    if latest.pk != checklist.pk:
        raise ValidationError(_("A newer version (%(code)s) exists: start from the current version.")
                              % {"code": latest.code})
    if not latest.is_active:
        raise ValidationError(_("The checklist is retired; reinstate it first."))
    if points is None:
        resolved = [(p.text, p.item) for p in latest.points.select_related("item")]
    else:
        resolved = _resolve_points(points)
    version = latest.version + 1
    new = Checklist(code=f"{latest.series}-v{version}", series=latest.series, version=version,
                    name=(name or latest.name).strip(), industry=latest.industry, valid_from=timezone.localdate(),
                    note=(note or "").strip())
    new.full_clean(validate_constraints=False)
    latest.is_active = False
    latest.save(update_fields=["is_active"])
    new.save()
    _write_points(new, resolved)
    audit.record("planning.checklist_versioned", actor=actor, obj=new, code=new.code, previous=latest.code,
                 points=_point_summary(resolved))
    return new


@transaction.atomic
def checklist_retire(*, actor, checklist):
    """Retire the checklist (its current version): no new tasks may use it; tasks planned with it keep it."""
    access.require(actor, "checklist.manage")
    latest = _latest(checklist.series)
    if not latest.is_active:
        raise ValidationError(_("The checklist %(name)s is already retired.") % {"name": latest.name})
    latest.is_active, latest.retired_on = False, timezone.localdate()
    latest.save(update_fields=["is_active", "retired_on"])
    audit.record("planning.checklist_retired", actor=actor, obj=latest, code=latest.code)
    return latest


@transaction.atomic
def checklist_reinstate(*, actor, checklist):
    access.require(actor, "checklist.manage")
    latest = _latest(checklist.series)
    if latest.is_active:
        raise ValidationError(_("The checklist %(name)s is in use.") % {"name": latest.name})
    latest.is_active, latest.retired_on = True, None
    latest.save(update_fields=["is_active", "retired_on"])
    audit.record("planning.checklist_reinstated", actor=actor, obj=latest, code=latest.code)
    return latest


def parse_points_text(text):
    """The page's points box: one point per line, "<item code> <text>" (space, tab, | or ｜ between)."""
    points = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        parts = re.split(r"\s*[|｜\t]\s*|\s+", line, maxsplit=1)
        points.append((parts[1] if len(parts) > 1 else "", parts[0]))
    return points


def points_text(checklist):
    return "\n".join(f"{p.item.code} | {p.text}" for p in checklist.points.select_related("item"))


# ---------------------------------------------------------------- export and import

COLUMNS = [
    ("series", pgettext_lazy("checklist file", "Checklist code")),
    ("name", pgettext_lazy("checklist file", "Checklist name")),
    ("industry", pgettext_lazy("checklist file", "Industry code")),
    ("version", pgettext_lazy("checklist file", "Version")),
    ("order", pgettext_lazy("checklist file", "Point number")),
    ("text", pgettext_lazy("checklist file", "Check point")),
    ("item", pgettext_lazy("checklist file", "Catalogue item code")),
    ("item_name", pgettext_lazy("checklist file", "Catalogue item name")),
    ("status", pgettext_lazy("checklist file", "Status")),
]
REQUIRED = ("series", "name", "industry", "text", "item")
CURRENT_WORD, RETIRED_WORD, SUPERSEDED_WORD = "现行", "停用", "已被新版本替代"


def export_headers():
    return [str(header) for _name, header in COLUMNS]


def export_rows(checklists):
    for checklist in checklists:
        status = CURRENT_WORD if checklist.is_active else (RETIRED_WORD if checklist.retired_on else SUPERSEDED_WORD)
        for point in checklist.points.all():
            yield [checklist.series, checklist.name, checklist.industry.code, checklist.version, point.order,
                   point.text, point.item.code, point.item.name, status]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    versioned: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def add(self, row, column, message):
        self.errors.append((row, column, str(message)))


@transaction.atomic
def checklists_import(*, actor, content, filename=""):
    """One row per check point, grouped by checklist code (the export's columns). A new code creates the
    checklist; a known one whose current version is unused is changed in place, a used one gets a new version;
    an unchanged one is left alone. Any error: nothing is written."""
    access.require(actor, "checklist.manage")
    result = ImportResult()
    rows = spreadsheets.read_rows(content, filename)
    labels = {name: str(header) for name, header in COLUMNS}
    known = {str(header): name for name, header in COLUMNS} | {name: name for name, _h in COLUMNS}
    if not rows or not any(rows[0]):
        result.add(1, "", _("The file is empty."))
        return result
    header = [known.get(str(cell).strip()) for cell in rows[0]]
    missing = [labels[c] for c in REQUIRED if c not in header]
    if missing:
        result.add(1, "", _("Missing columns: %(columns)s") % {"columns": "、".join(missing)})
        return result
    data_rows = [(n, cells) for n, cells in enumerate(rows[1:], start=2) if any(cells)]
    if not data_rows:
        result.add(2, "", _("The file has no data rows."))
        return result
    if len(data_rows) > MAX_IMPORT_ROWS:
        result.add(1, "", _("At most %(n)s rows per import.") % {"n": MAX_IMPORT_ROWS})
        return result
    industries = {i.code: i for i in Industry.objects.all()}
    groups = {}
    for number, cells in data_rows:
        row = {header[i]: str(cells[i]).strip() for i in range(min(len(header), len(cells))) if header[i]}
        if row.get("status") in (RETIRED_WORD, SUPERSEDED_WORD):
            continue  # an exported earlier version: history, not an instruction
        series = row.get("series", "")
        if not series or len(series) > SERIES_MAX or not _CODE.match(series):
            result.add(number, labels["series"], _("A code has at most %(n)s letters, digits, hyphens or "
                                                   "underscores.") % {"n": SERIES_MAX})
            continue
        group = groups.setdefault(series, {"rows": [], "first": number, "name": row.get("name", ""),
                                           "industry": row.get("industry", "")})
        if row.get("name", "") != group["name"] or row.get("industry", "") != group["industry"]:
            result.add(number, labels["name"], _("Rows of one checklist must have the same name and industry as "
                                                 "row %(row)s.") % {"row": group["first"]})
        group["rows"].append((number, row.get("text", ""), row.get("item", "")))
    plans = []
    for series, group in groups.items():
        industry = industries.get(group["industry"])
        if industry is None:
            result.add(group["first"], labels["industry"], _("Unknown industry “%(value)s”.")
                       % {"value": group["industry"]})
        if not group["name"] or len(group["name"]) > 200:
            result.add(group["first"], labels["name"], _("A checklist name of 1 to 200 characters is required."))
        try:
            resolved = _resolve_points([(text, item) for _n, text, item in group["rows"]])
        except ValidationError as error:
            for message in error.message_dict["points"]:
                result.add(group["first"], labels["text"], message)
            continue
        latest = Checklist.objects.filter(series=series).order_by("-version").first()
        if latest is not None and industry is not None and latest.industry_id != industry.pk:
            result.add(group["first"], labels["industry"], _("Checklist %(code)s belongs to another industry.")
                       % {"code": series})
        if latest is not None and not latest.is_active and latest.retired_on:
            result.add(group["first"], labels["series"], _("Checklist %(code)s is retired; reinstate it before "
                                                           "importing changes.") % {"code": series})
        plans.append((series, group["name"], industry, resolved))
    if result.errors:
        return result
    for series, name, industry, resolved in plans:
        latest = _latest(series)
        if latest is None:
            checklist_create(actor=actor, code=series, name=name, industry=industry, points=resolved,
                             note=_("imported"))
            result.created += 1
            continue
        current = [[p.text, p.item.code] for p in latest.points.select_related("item")]
        if current == _point_summary(resolved) and latest.name == name and latest.is_active:
            result.unchanged += 1
        elif checklist_in_use(latest):
            checklist_new_version(actor=actor, checklist=latest, name=name, points=resolved, note=_("imported"))
            result.versioned += 1
        else:
            checklist_update(actor=actor, checklist=latest, name=name, points=resolved)
            result.updated += 1
    audit.record("planning.checklists_imported", actor=actor, created=result.created, updated=result.updated,
                 versioned=result.versioned, unchanged=result.unchanged, filename=str(filename)[:100])
    return result
