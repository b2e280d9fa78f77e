"""One way to make a PDF: a Django template rendered to HTML, then WeasyPrint (A4, CJK font, page numbers).

`render_pdf("reports/pdf/monthly.html", context)` returns the whole PDF as bytes: nothing is written
anywhere until the document is complete, so a failure never leaves a half-written file behind.
Needs Pango, `fonts-noto-cjk` and `libharfbuzz-subset0` (see shared RECIPES: without the last one
font subsetting takes seconds per page).
"""

import logging

from django.conf import settings
from django.template.loader import render_to_string

# WeasyPrint logs every layout step at INFO; keep the worker's log readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# A4 pages, the CJK font, and "第 N 页 / 共 M 页" in the footer through CSS page counters.
BASE_CSS = """
@page {
  size: A4;
  margin: 22mm 18mm 20mm 18mm;
  @bottom-center {
    content: "第 " counter(page) " 页 / 共 " counter(pages) " 页";
    font-family: "Noto Sans CJK SC", sans-serif;
    font-size: 9pt;
    color: #555;
  }
}
html { font-family: "Noto Sans CJK SC", sans-serif; font-size: 10.5pt; line-height: 1.55; color: #111; }
"""


def render_html(template_name, context):
    return render_to_string(template_name, context)


def render_pdf(template_name, context, *, extra_css=None):
    """Render `template_name` with `context` to a PDF and return its bytes."""
    from weasyprint import CSS, HTML  # imported lazily: Pango is only needed where PDFs are made

    html = render_html(template_name, context)
    stylesheets = [CSS(string=BASE_CSS)]
    if extra_css:
        stylesheets.append(CSS(string=extra_css))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=stylesheets)
