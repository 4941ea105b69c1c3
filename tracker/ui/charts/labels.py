"""Typed text inside Plotly figures: shown as written, never as markup.

Plotly.js renders a subset of HTML in every text it draws (titles, axis ticks of categories, hover text,
legend entries, annotations, heatmap and bar texts): ``<a href>`` becomes a clickable link, ``<b>``, ``<br>``,
``<span style>`` format. Every value a person typed (a teacher's or department's name, an enterprise, a norm
label from an uploaded pack) goes through :func:`plot_label` before it reaches a figure; the builders add
their own ``<br>`` and ``<extra>`` markup around the escaped values. See docs/security.md.
"""

from __future__ import annotations

import html


def plot_label(text: object) -> str:
    """``text`` with ``&``, ``<`` and ``>`` written as entities, which Plotly shows as the characters."""
    return "" if text is None else html.escape(str(text), quote=False)
