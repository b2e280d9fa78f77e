"""Server-side charts as hand-built SVG for the PDF report (no plotting dependency, no JavaScript).

Inline SVG does not inherit the page's CSS in WeasyPrint, so every <svg> names the CJK font itself.
Labels are escaped; values may be int, float or Decimal.
"""

from django.utils.html import escape

FONT = "Noto Sans CJK SC, sans-serif"
PALETTE = ["#1d4ed8", "#f59e0b", "#059669", "#dc2626", "#7c3aed", "#0891b2", "#be185d", "#65a30d"]


def _fmt(value):
    """A printed value: thousands separated, whole numbers without decimals."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}" if isinstance(value, (int, float)) else f"{value}"


def _nice_max(value):
    """A round axis maximum just above value (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1
    magnitude = 1
    while magnitude * 10 <= value:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _svg(width, height, body, title):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="11" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>{body}</svg>'
    )


def horizontal_bars(rows, *, title, width=640, bar_height=18, label_width=200, color=PALETTE[0]):
    """One bar per (label, value) row, largest first as given; the value is printed after the bar."""
    rows = list(rows)
    if not rows:
        return _svg(width, 40, f'<text x="8" y="24" fill="#666">{escape("无数据")}</text>', title)
    gap = 6
    top = 8
    height = top + len(rows) * (bar_height + gap) + 8
    maximum = _nice_max(max(float(value) for _, value in rows))
    plot = width - label_width - 70
    parts = []
    for index, (label, value) in enumerate(rows):
        y = top + index * (bar_height + gap)
        length = 0 if maximum == 0 else plot * float(value) / maximum
        text = str(label)
        if len(text) > 16:
            text = text[:15] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + bar_height * 0.72:.1f}" text-anchor="end" fill="#222">'
            f"{escape(text)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{max(length, 1):.1f}" height="{bar_height}" fill="{color}"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height * 0.72:.1f}" fill="#222">'
            f"{escape(_fmt(value))}</text>"
        )
    return _svg(width, height, "".join(parts), title)


def columns(labels, series, *, title, width=640, height=240):
    """Grouped columns: `series` is a list of (name, values) sharing `labels`; a legend sits on top."""
    labels = list(labels)
    series = [(name, [float(v or 0) for v in values]) for name, values in series]
    left, right, top, bottom = 44, 8, 28, 34
    plot_w = width - left - right
    plot_h = height - top - bottom
    # Four grid steps of a round whole number: counts never get an axis label like 12.5.
    step_value = max(1, int(_nice_max(max([v for _, values in series for v in values] or [0]) / 4)))
    maximum = 4 * step_value
    parts = []
    # legend
    x = left
    for index, (name, _values) in enumerate(series):
        color = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="8" width="10" height="10" fill="{color}"/>'
                     f'<text x="{x + 14}" y="17" fill="#222">{escape(name)}</text>')
        x += 14 + 12 * len(name) + 24
    # grid and axis labels
    for step in range(5):
        value = maximum * step / 4
        y = top + plot_h - plot_h * step / 4
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{_fmt(value)}</text>')
    if labels:
        group_w = plot_w / len(labels)
        bar_w = max(group_w * 0.8 / max(len(series), 1), 1)
        for i, label in enumerate(labels):
            gx = left + i * group_w + group_w * 0.1
            for s_index, (_name, values) in enumerate(series):
                value = values[i] if i < len(values) else 0
                h = plot_h * value / maximum
                parts.append(f'<rect x="{gx + s_index * bar_w:.1f}" y="{top + plot_h - h:.1f}" '
                             f'width="{bar_w - 1:.1f}" height="{h:.1f}" '
                             f'fill="{PALETTE[s_index % len(PALETTE)]}"/>')
                if value:  # every column is labelled with its value
                    parts.append(f'<text x="{gx + s_index * bar_w + (bar_w - 1) / 2:.1f}" '
                                 f'y="{top + plot_h - h - 2:.1f}" text-anchor="middle" font-size="9" '
                                 f'fill="#222">{escape(_fmt(value))}</text>')
            parts.append(f'<text x="{left + i * group_w + group_w / 2:.1f}" y="{height - bottom + 16}" '
                         f'text-anchor="middle" fill="#222">{escape(str(label))}</text>')
    return _svg(width, height, "".join(parts), title)


def share_bar(rows, *, title, width=640):
    """One stacked 100 % bar of (label, value) parts with a legend of shares underneath."""
    rows = [(label, float(value)) for label, value in rows if float(value) > 0]
    total = sum(value for _, value in rows)
    height = 36 + 18 * ((len(rows) + 2) // 3)
    parts = []
    x = 0.0
    for index, (label, value) in enumerate(rows):
        w = width * value / total if total else 0
        parts.append(f'<rect x="{x:.1f}" y="4" width="{w:.1f}" height="18" fill="{PALETTE[index % len(PALETTE)]}"/>')
        x += w
        col, row = index % 3, index // 3
        share = 100 * value / total if total else 0
        parts.append(f'<rect x="{col * width / 3:.1f}" y="{32 + row * 18}" width="10" height="10" '
                     f'fill="{PALETTE[index % len(PALETTE)]}"/>'
                     f'<text x="{col * width / 3 + 14:.1f}" y="{41 + row * 18}" fill="#222">'
                     f"{escape(str(label))} {share:.1f}%</text>")
    if not rows:
        parts.append(f'<text x="8" y="18" fill="#666">{escape("无数据")}</text>')
    return _svg(width, height, "".join(parts), title)
