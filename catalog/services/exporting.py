"""Catalogue export (xlsx and CSV) and the blank import template, in the shared file format."""

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from enforcement.core.spreadsheets import safe_cell

from . import fileformat as ff

MAX_EXPORT_ROWS = 50_000


def _yes_no(value):
    return ff.YES if value else ff.NO


def _money(value):
    return "" if value is None else f"{value:.2f}"


def tier_cells(item):
    """The discretion columns of a row: conditions, lower and upper bound per level (empty if not set)."""
    shown = getattr(item, "as_of_discretion_tiers", None)
    if shown is None:
        shown = [{"level": t.level, "conditions": t.conditions, "fine_min": t.fine_min, "fine_max": t.fine_max}
                 for t in item.discretion_tiers.all()]
    by_level = {t["level"]: t for t in shown}
    cells = []
    for level, part, _header in ff.TIER_COLUMNS:
        tier = by_level.get(level)
        if tier is None:
            cells.append("")
        elif part == "conditions":
            cells.append(tier["conditions"])
        else:
            value = tier[part]
            cells.append(_money(Decimal(str(value)) if value is not None else None))
    return cells


def item_row(item):
    return item_cells(item) + tier_cells(item)


def item_cells(item):
    return [
        item.code,
        item.name,
        item.domain.name,
        ff.POWER_TYPE_NAMES.get(item.power_type, item.power_type),
        ff.TIER_NAMES.get(item.tier, item.tier),
        item.violation_law,
        item.violation_article,
        item.penalty_law,
        item.penalty_article,
        "、".join(ff.PENALTY_KIND_NAMES.get(k, k) for k in item.penalty_kinds or []),
        _money(item.fine_min),
        _money(item.fine_max),
        _yes_no(item.no_penalty),
        item.no_penalty_conditions,
        _yes_no(item.correction_first),
        item.correction_first_conditions,
        _yes_no(item.warning_only),
        item.warning_only_conditions,
        _yes_no(item.concerns_life_health_safety),
        item.valid_from.isoformat() if item.valid_from else "",
        ff.STATUS_NAMES.get(item.status, item.status),
    ]


def export_xlsx(items):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("事项")
    sheet.append(ff.HEADERS)
    for item in items[:MAX_EXPORT_ROWS].iterator(chunk_size=2000) if hasattr(items, "iterator") else items:
        sheet.append([safe_cell(value) for value in item_row(item)])  # formula-like text escaped (§26)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_csv(items):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ff.HEADERS)
    for item in items[:MAX_EXPORT_ROWS].iterator(chunk_size=2000) if hasattr(items, "iterator") else items:
        writer.writerow([safe_cell(value) for value in item_row(item)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM lets Excel open UTF-8 correctly


def template_xlsx(domains):
    """A blank import sheet plus a sheet explaining every column and its allowed values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "事项"
    sheet.append(ff.HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, header in zip(sheet.columns, ff.HEADERS, strict=False):
        sheet.column_dimensions[column[0].column_letter].width = max(12, len(header) * 2 + 4)
    notes = workbook.create_sheet("填写说明")
    notes.append(["列名", "是否必填", "填写说明"])
    explanations = {
        "code": "唯一编码;已存在的编码将更新该事项(写入调整记录),新编码将新增事项",
        "domain": "填写执法领域名称或代码:" + "、".join(d.name for d in domains),
        "power_type": "、".join(ff.POWER_TYPE_NAMES.values()),
        "tier": "、".join(ff.TIER_NAMES.values()),
        "penalty_kinds": "多个用顿号分隔:" + "、".join(ff.PENALTY_KIND_NAMES.values()),
        "fine_min": "数字,单位元,最多两位小数;不得大于罚款上限",
        "fine_max": "数字,单位元,最多两位小数",
        "no_penalty": "是 / 否",
        "correction_first": "是 / 否",
        "warning_only": "是 / 否",
        "concerns_life_health_safety": "是 / 否(涉及生命健康安全、金融安全的,追责期限为五年)",
        "valid_from": "日期,格式 YYYY-MM-DD;新增事项留空则取导入生效日期",
        "status": "有效 / 已废止;留空为有效。改为已废止即取消该事项",
    }
    for field_name, header, required in ff.COLUMNS:
        notes.append([header, "是" if required else "否", explanations.get(field_name, "")])
    tier_notes = {
        "conditions": "该情节等级的适用情形;填写了罚款区间时必填。三列都留空表示不设该等级",
        "fine_min": "数字,单位元;不得小于事项的罚款下限,不得大于本等级罚款上限",
        "fine_max": "数字,单位元;不得大于事项的罚款上限",
    }
    for _level, part, header in ff.TIER_COLUMNS:
        notes.append([header, "否", "裁量基准:" + tier_notes[part]])
    notes.append(["", "", "裁量基准各列可整体省略(不改变已有裁量基准);一旦包含这些列,"
                          "即以文件内容为准设置该事项的全部裁量基准。CSV 文件与 Excel 文件列名相同。"])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
