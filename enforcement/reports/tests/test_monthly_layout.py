"""The monthly PDF's layout rules (issue 13): every table has a heading, the key figures are labelled cells with
money in 万元 and thousands separators, chart axes count in whole numbers and columns carry their values."""

import re

from django.template.loader import render_to_string
from django.utils import translation

import pytest

from enforcement.reports import charts
from enforcement.reports.monthly import report_context
from enforcement.reports.periods import Period

pytestmark = pytest.mark.django_db


def _html(world):
    with translation.override("zh-hans"):
        return render_to_string("reports/pdf/monthly.html", report_context(period=Period.month(2026, 10)))


def test_every_table_of_the_monthly_report_follows_a_heading(world):
    html = _html(world)
    previous_end = html.index("<body")
    for match in re.finditer(r"<table", html):
        between = html[previous_end:match.start()]
        assert "<h2" in between or "<h3" in between, html[match.start():match.start() + 300]
        previous_end = html.index("</table>", match.start())


def test_key_figures_are_labelled_and_money_is_in_wan_yuan(world):
    html = _html(world)
    grid = html[html.index('<table class="figures">'):]
    grid = grid[:grid.index("</table>")]
    # four rows of four figures and the four inspection indicators of INSPECTION_INDICATORS (issue 17)
    assert grid.count("<th") == 20 and grid.count('<td class="value">') == 20
    fines = re.search(r'<td class="value">([^<]*万元|[^<]*元)</td>', grid)
    assert fines and "," in fines.group(1) or "万元" in fines.group(1)


def test_chart_axis_counts_in_whole_numbers_and_columns_show_values():
    svg = charts.columns(["1月", "2月"], [("2026年", [34, 3])], title="各月案件数")
    ticks = re.findall(r'text-anchor="end" fill="#555">([^<]+)</text>', svg)
    assert ticks == ["0", "10", "20", "30", "40"]
    assert ">34</text>" in svg and ">3</text>" in svg
