"""The catalogue file format shared by the template, the export and the import.

The column headers and the Chinese value names are the file format itself (a county office exchanges
these sheets), so they are data here, not translatable interface strings.
"""

from ..models import ListTier, PenaltyKind, PowerType

# (field, header, required)
COLUMNS = [
    ("code", "事项编码", True),
    ("name", "事项名称", True),
    ("domain", "执法领域", True),
    ("power_type", "权力类型", True),
    ("tier", "清单层级", True),
    ("violation_law", "违法依据法规", False),
    ("violation_article", "违法依据条款", False),
    ("penalty_law", "处罚依据法规", False),
    ("penalty_article", "处罚依据条款", False),
    ("penalty_kinds", "处罚种类", False),
    ("fine_min", "罚款下限(元)", False),
    ("fine_max", "罚款上限(元)", False),
    ("no_penalty", "不予处罚", False),
    ("no_penalty_conditions", "不予处罚情形", False),
    ("correction_first", "责令改正前置", False),
    ("correction_first_conditions", "责令改正前置情形", False),
    ("warning_only", "可单独警告", False),
    ("warning_only_conditions", "可单独警告情形", False),
    ("concerns_life_health_safety", "涉及生命健康安全", False),
    ("valid_from", "生效日期", False),
    ("status", "状态", False),
]
ITEM_HEADERS = [header for _, header, _ in COLUMNS]
FIELD_BY_HEADER = {header: field for field, header, _ in COLUMNS}
HEADER_BY_FIELD = {field: header for field, header, _ in COLUMNS}
REQUIRED_HEADERS = [header for _, header, required in COLUMNS if required]

# The discretion benchmark (裁量基准): three optional columns per circumstance level, after the item's
# columns, in the same sheet (xlsx and CSV alike): "<level>情形", "<level>罚款下限(元)", "<level>罚款上限(元)".
# A file without any of these columns leaves the items' benchmarks as they are; a file with them sets the
# whole benchmark (a level whose three cells are empty is removed).
DISCRETION_LEVEL_NAMES = {"minor": "情节轻微", "general": "情节一般", "serious": "情节较重", "severe": "情节严重"}
TIER_PARTS = (("conditions", "情形"), ("fine_min", "罚款下限(元)"), ("fine_max", "罚款上限(元)"))
TIER_COLUMNS = [(level, part, name + suffix) for level, name in DISCRETION_LEVEL_NAMES.items()
                for part, suffix in TIER_PARTS]  # (level, part, header)
TIER_HEADERS = [header for _l, _p, header in TIER_COLUMNS]
TIER_BY_HEADER = {header: (level, part) for level, part, header in TIER_COLUMNS}
HEADERS = ITEM_HEADERS + TIER_HEADERS

POWER_TYPE_NAMES = {
    PowerType.PENALTY: "行政处罚",
    PowerType.INSPECTION: "行政检查",
    PowerType.COERCION: "行政强制",
    PowerType.ORDER: "行政命令",
    PowerType.OTHER: "其他",
}
TIER_NAMES = {ListTier.COMPREHENSIVE: "综合", ListTier.PROFESSIONAL: "专业", ListTier.TOWNSHIP: "乡镇"}
PENALTY_KIND_NAMES = {
    PenaltyKind.WARNING: "警告",
    PenaltyKind.FINE: "罚款",
    PenaltyKind.CONFISCATION: "没收违法所得、没收非法财物",
    PenaltyKind.LICENCE_SUSPENSION: "暂扣许可证件、降低资质等级",
    PenaltyKind.LICENCE_REVOCATION: "吊销许可证件",
    PenaltyKind.CLOSURE: "责令停产停业、责令关闭",
    PenaltyKind.OTHER: "其他处罚",
}
STATUS_NAMES = {"active": "有效", "retired": "已废止"}
YES, NO = "是", "否"
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "有"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "", "×", "无"}
KIND_SEPARATORS = ("、", ",", ",", ";", ";", "/")


def reverse_lookup(names):
    table = {}
    for value, name in names.items():
        table[name] = str(value)
        table[str(value)] = str(value)
    return table


POWER_TYPE_BY_NAME = reverse_lookup(POWER_TYPE_NAMES)
POWER_TYPE_BY_NAME.update({"处罚": "penalty", "检查": "inspection", "强制": "coercion"})
TIER_BY_NAME = reverse_lookup(TIER_NAMES)
TIER_BY_NAME.update({"综合清单": "comprehensive", "专业清单": "professional", "乡镇清单": "township"})
PENALTY_KIND_BY_NAME = reverse_lookup(PENALTY_KIND_NAMES)
PENALTY_KIND_BY_NAME.update({
    "没收违法所得": "confiscation", "没收非法财物": "confiscation", "吊销许可证": "licence_revocation",
    "暂扣许可证": "licence_suspension", "责令停产停业": "closure", "责令关闭": "closure",
})
STATUS_BY_NAME = reverse_lookup(STATUS_NAMES)
STATUS_BY_NAME.update({"废止": "retired", "取消": "retired", "在用": "active"})
