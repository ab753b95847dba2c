"""Parts of an aid as the consultation and the author preview lay them out.

Charts are the library's standalone SVG (the same drawings as the patient pages and print),
shown as images with the text alternative as their ``alt``. Not Altair: building one Altair
icon array costs 30-40 ms, several times the rerun budget, and three 1,000-person arrays would
pass the 2,000 marks above which Streamlit draws Vega on a canvas that screen readers cannot
read. Not ``st.html``: Streamlit's sanitiser removes inline SVG.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import streamlit as st
from page_setup import plain

from decision_aids import charts
from decision_aids.draft import review_status
from decision_aids.model import DecisionAid
from decision_aids.option_grid import OptionGrid
from decision_aids.outcomes import OptionFigure, OutcomeFigures

Style = Literal["icons", "bars", "counts", "percent"]
#: How a person can see the figures, as the switch names them.
STYLES: dict[Style, str] = {
    "icons": "Icons",
    "bars": "Bars",
    "counts": "x in 100",
    "percent": "Percent",
}
_CHART_WIDTH = 440  # pixels: about 1.5 per unit of the drawing, icons large enough to count


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def draft_notice(aid: DecisionAid) -> None:
    if aid.review.status == "draft":
        st.warning(
            f"**{review_status(aid.review)}** Check its figures against its sources before "
            "relying on them."
        )


def option_grid(grid: OptionGrid) -> None:
    """The options side by side: a question a row, an option a column."""
    columns = {"Question": [row.question for row in grid.rows]}
    for i, option in enumerate(grid.options):
        columns[option.name] = [row.answers[i] for row in grid.rows]
    st.table(columns, hide_index=True)


def _provenance(aid: DecisionAid, figure: OptionFigure) -> str:
    how = figure.not_known or figure.how
    cited = [aid.source(s).citation for s in figure.sources]
    if figure.calculator is not None:
        cited.append(figure.calculator.citation)
    where = f" Source: {' '.join(cited)}" if cited else ""
    return f"**{plain(figure.option.name)}**: {plain(sentence(how))}.{plain(where)}"


@st.cache_resource(show_spinner=False, max_entries=1024)
def _drawing(
    slug: str,
    outcome_id: str,
    style: Style,
    options: tuple[str, ...] | None,
    words: str,
    _figures: OutcomeFigures,
) -> str:
    """An outcome's icons or bars, drawn once per process for each set of numbers.

    The key is the aid, the outcome, the style, the options shown and the words, which say
    every number the drawing shows (:func:`decision_aids.charts.text_alternative`), so the same
    figures are never drawn twice; the figures themselves are not hashed (``_figures``).
    """
    drawing = charts.icon_array_svg if style == "icons" else charts.bar_svg
    return drawing(_figures, options=options)


def outcomes(
    aid: DecisionAid,
    all_figures: Sequence[OutcomeFigures],
    style: Style,
    options: Sequence[str] | None = None,
) -> None:
    """Every outcome, a tab each, so that one fits the screen at a time."""
    labels = [plain(sentence(f.outcome.label)) for f in all_figures]
    for tab, figures in zip(st.tabs(labels), all_figures, strict=True):
        with tab:
            outcome(aid, figures, style, options)


def outcome(
    aid: DecisionAid, figures: OutcomeFigures, style: Style, options: Sequence[str] | None = None
) -> None:
    """One outcome for the `options` chosen (all by default): who the figures are for, the chart
    (icons or bars) or the words alone, how sure we can be of each figure, and its sources."""
    st.caption(plain(f"These figures are for: {figures.outcome.population}"))
    if figures.depends_on:
        st.info(
            "Some of these figures are a range, because some of the person's details are not "
            "known: answer them above to narrow it."
        )
    words = charts.text_alternative(figures, options=options, percentages=style == "percent")
    if style in ("icons", "bars"):
        chart, text = st.columns(2)
        picked = tuple(options) if options else None
        svg = _drawing(aid.slug, figures.outcome.id, style, picked, words, figures)
        chart.image(svg, alt=words, width=_CHART_WIDTH)
    else:
        text = st.container()
    with text:
        for line in words.splitlines():
            st.markdown(plain(line))
        if style == "counts":
            for line in charts.numbers_needed(figures, options=options):
                st.caption(plain(f"For clinicians: {line}"))
        shown = [f for f in figures.figures if options is None or f.option.id in options]
        sure = " · ".join(
            f"{f.option.name}: {f.certainty.value if f.certainty else 'no figure'}" for f in shown
        )
        st.caption(plain(f"How sure we can be: {sure}"))
        with st.expander("Where these figures come from"):
            for figure in shown:
                st.markdown(_provenance(aid, figure))
