"""The options side by side, Option Grid style: questions as rows, options as columns.

Option Grids (Elwyn et al., Patient Educ Couns 2013;90:207–12) put the questions people ask in
rows and each option's answer in a column, so that options are compared on the same points.
Here the rows are what each option is, what it involves, the aid's practical questions, and,
given a person's figures, how many out of the same number of people each outcome happens to.
"""

from __future__ import annotations

from dataclasses import dataclass

from decision_aids.model import DecisionAid, Option
from decision_aids.outcomes import Personalised
from decision_aids.summary import figure_words


@dataclass(frozen=True)
class GridRow:
    question: str
    answers: tuple[str, ...]  # one per option, in the aid's order


@dataclass(frozen=True)
class OptionGrid:
    options: tuple[Option, ...]
    rows: tuple[GridRow, ...]


def option_grid(aid: DecisionAid, figures: Personalised | None = None) -> OptionGrid:
    """The aid's options side by side; with `figures`, a row for each outcome's numbers too."""
    rows = [
        GridRow("What is it?", tuple(o.description for o in aid.options)),
        GridRow("What does it involve?", tuple(o.what_it_involves for o in aid.options)),
        *(
            GridRow(p.question, tuple(p.answers[o.id] for o in aid.options))
            for p in aid.practicalities
        ),
    ]
    for outcome in figures.outcomes if figures else ():
        label = outcome.outcome.label
        rows.append(
            GridRow(
                f"How many out of {outcome.denominator:,} will {label} "
                f"{outcome.time_frame.phrase}?",
                tuple(figure_words(f, outcome.denominator) for f in outcome.figures),
            )
        )
    return OptionGrid(tuple(aid.options), tuple(rows))
