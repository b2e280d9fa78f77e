"""The county's monthly statistical forms (统计报表): their lines, the JSON schema of the file, and how many
counties' forms add up.

The numbers come from the same statistics functions the dashboard and the monthly PDF use
(`enforcement.reports.statistics`, `assessment.supervision.supervision_figures`), so a county's export, its PDF
and its dashboard never disagree. Rates are not sent: the roll-up recomputes them from the summed counts.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

FORMAT = "county-enforcement-forms"
VERSION = 1

# section -> [(line, label)]; every line is a count except the money lines (decimal strings).
LINES = {
    "cases": [
        ("total", _("cases")), ("simple", _("simple procedure")), ("ordinary", _("ordinary procedure")),
        ("year_before", _("cases in the same month last year")), ("transferred_in", _("transferred by departments")),
        ("major", _("major cases")), ("decided", _("decisions")), ("penalties", _("penalty decisions")),
        ("no_penalty", _("no-penalty decisions")), ("warning_only", _("warning only")),
        ("fines_decided", _("fines decided (yuan)")), ("fines_collected", _("fines collected (yuan)")),
        ("overdue", _("overdue cases")), ("reviews_approved", _("legality reviews approved")),
        ("reviews_returned", _("legality reviews returned")), ("domains_with_cases", _("domains with cases")),
        ("items_with_cases", _("items with cases")),
    ],
    "inspections": [
        ("total", _("inspections")), ("random", _("double-random inspections")),
        ("joint", _("joint inspections (cross-department)")), ("random_joint", _("double-random and joint")),
        ("with_problems", _("inspections finding problems")), ("joint_inspections", _("merged joint inspections")),
        ("visits_saved", _("enterprise visits saved")),
    ],
    "staffing": [
        ("total", _("enforcement staff")), ("law_enforcement", _("law enforcement officers")),
        ("posted", _("posted to townships")), ("certified", _("with a valid certificate")),
    ],
    "appeals": [
        ("review_filed", _("administrative reviews filed")), ("review_decided", _("administrative reviews decided")),
        ("review_corrected", _("administrative reviews correcting the decision")),
        ("litigation_filed", _("lawsuits filed")), ("litigation_decided", _("lawsuits decided")),
        ("litigation_corrected", _("lawsuits correcting the decision")), ("pending", _("reviews and lawsuits pending")),
    ],
    # 行政强制措施 (行政强制法 arts. 18–28, 行政处罚法 art. 56): taken in the month by kind, extended, released,
    # decided on, and those in force past their deadline at the month's end
    "coercive": [
        ("seal_up", _("seal-ups (查封) taken")), ("seizure", _("seizures (扣押) taken")),
        ("preservation", _("evidence registered and preserved (先行登记保存)")),
        ("extended", _("coercive measures extended")), ("released", _("coercive measures released")),
        ("handled", _("coercive measures decided on")), ("overdue", _("coercive measures overdue")),
    ],
    "supervision": [
        ("files_reviewed", _("case files reviewed")), ("raised", _("findings raised")),
        ("closed", _("findings closed")), ("overdue", _("findings overdue")),
    ],
}
MONEY = {("cases", "fines_decided"), ("cases", "fines_collected")}
# Lines that are not additive across counties (distinct counts): the roll-up shows the largest.
MAXIMUM = {("cases", "domains_with_cases"), ("cases", "items_with_cases")}

_COUNT = {"type": "integer", "minimum": 0}
_MONEY = {"type": "string", "pattern": r"^\d{1,12}(\.\d{1,2})?$"}


def _section(name):
    properties = {line: (_MONEY if (name, line) in MONEY else _COUNT) for line, _label in LINES[name]}
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["format", "version", "payload", "signature"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": FORMAT},
        "version": {"const": VERSION},
        "signature": {
            "type": "object", "required": ["algorithm", "key_id", "value"], "additionalProperties": False,
            "properties": {"algorithm": {"const": "Ed25519"}, "key_id": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
                           "value": {"type": "string", "maxLength": 200}},
        },
        "payload": {
            "type": "object", "required": ["county", "month", "generated_at", "forms"], "additionalProperties": False,
            "properties": {
                "county": {"type": "object", "required": ["code", "name"], "additionalProperties": False,
                           "properties": {"code": {"type": "string", "pattern": r"^[0-9A-Za-z-]{1,12}$"},
                                          "name": {"type": "string", "minLength": 1, "maxLength": 60}}},
                "month": {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
                "generated_at": {"type": "string", "format": "date-time", "maxLength": 40},
                "forms": {
                    "type": "object", "required": [*LINES, "by_domain"], "additionalProperties": False,
                    "properties": {
                        **{name: _section(name) for name in LINES},
                        "by_domain": {"type": "array", "maxItems": 100, "items": {
                            "type": "object", "required": ["code", "name", "cases"], "additionalProperties": False,
                            "properties": {"code": {"type": "string", "maxLength": 20},
                                           "name": {"type": "string", "maxLength": 60}, "cases": _COUNT}}},
                    },
                },
            },
        },
    },
}


def _add(section, line, total, value):
    if (section, line) in MONEY:
        return (Decimal(total or 0) + Decimal(value)).quantize(Decimal("0.01"))
    if (section, line) in MAXIMUM:
        return max(total or 0, value)
    return (total or 0) + value


def add_up(forms_list):
    """The sum of several counties' forms (same shape; money as Decimal; domain cases summed by code)."""
    total = {name: {line: None for line, _label in lines} for name, lines in LINES.items()}
    domains = {}
    for forms in forms_list:
        for name, lines in LINES.items():
            for line, _label in lines:
                total[name][line] = _add(name, line, total[name][line], forms[name][line])
        for row in forms["by_domain"]:
            entry = domains.setdefault(row["code"], {"code": row["code"], "name": row["name"], "cases": 0})
            entry["cases"] += row["cases"]
    for name, lines in LINES.items():
        for line, _label in lines:
            if total[name][line] is None:
                total[name][line] = Decimal("0.00") if (name, line) in MONEY else 0
    total["by_domain"] = sorted(domains.values(), key=lambda r: (-r["cases"], r["code"]))
    return total


def rates(forms):
    """The rates shown beside the counts, recomputed from counts (never averaged across counties)."""
    def pct(numerator, denominator):
        return round(numerator * 100 / denominator, 2) if denominator else None

    c, i = forms["cases"], forms["inspections"]
    return {
        "yoy_pct": round((c["total"] - c["year_before"]) * 100 / c["year_before"], 2) if c["year_before"] else None,
        "random_pct": pct(i["random"], i["total"]),
        "joint_pct": pct(i["joint"], i["total"]),
        "random_joint_pct": pct(i["random_joint"], i["random"]),
        "posted_pct": pct(forms["staffing"]["posted"], forms["staffing"]["total"]),
        # 纠错率: decisions revoked, varied, confirmed illegal or ordered anew among the reviews and lawsuits decided
        "appeal_correction_pct": pct(forms["appeals"]["review_corrected"] + forms["appeals"]["litigation_corrected"],
                                     forms["appeals"]["review_decided"] + forms["appeals"]["litigation_decided"]),
    }
