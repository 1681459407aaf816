"""Charts drawn on the server as SVG: horizontal bars, one per labelled value (no script)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

ROW = 22
LABEL_W = 200
BAR_W = 320
VALUE_W = 60


def bar_chart(items: Sequence[tuple[str, float]], title: str, limit: int = 20) -> Markup:
    """Return an SVG of horizontal bars (the largest values first, at most `limit`)."""
    shown = sorted(items, key=lambda item: -item[1])[:limit]
    top = max((value for _, value in shown), default=0) or 1
    height = ROW * max(len(shown), 1) + 4
    width = LABEL_W + BAR_W + VALUE_W
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value) in enumerate(shown):
        y = index * ROW + 2
        bar = max(BAR_W * value / top, 1 if value else 0)
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f'<text x="{LABEL_W - 6}" y="{y + 15}" text-anchor="end" class="label">'
            f"{escape(short)}</text>"
            f'<rect x="{LABEL_W}" y="{y + 3}" width="{bar:.1f}" height="{ROW - 6}" class="bar">'
            f"<title>{escape(label)}: {value:g}</title></rect>"
            f'<text x="{LABEL_W + bar + 4:.1f}" y="{y + 15}" class="value">{value:g}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
