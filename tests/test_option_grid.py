"""The options side by side, Option Grid style."""

from __future__ import annotations

from decision_aids.content import load_library
from decision_aids.option_grid import option_grid
from decision_aids.outcomes import personalise

AIDS = load_library().aids


def test_questions_are_rows_and_options_are_columns() -> None:
    aid = AIDS["af-anticoagulation"]
    grid = option_grid(aid)
    assert grid.options == tuple(aid.options)
    assert [row.question for row in grid.rows] == [
        "What is it?",
        "What does it involve?",
        *(p.question for p in aid.practicalities),
    ]
    for row in grid.rows:
        assert len(row.answers) == len(aid.options)
    assert grid.rows[0].answers == tuple(o.description for o in aid.options)
    first = aid.practicalities[0]
    assert grid.rows[2].answers == tuple(first.answers[o.id] for o in aid.options)


def test_with_figures_each_outcome_is_a_row_of_numbers() -> None:
    aid = AIDS["statins-primary-prevention"]
    figures = personalise(aid, {"risk_percent": "10"})
    rows = option_grid(aid, figures).rows[-len(aid.outcomes) :]
    assert rows[0].question == (
        "How many out of 100 will get heart disease or have a stroke over the next 10 years?"
    )
    assert rows[0].answers[0] == "10 in 100"
    assert rows[1].question.startswith("How many out of 1,000 will ")


def test_figures_over_answers_not_known_give_the_range() -> None:
    # Without the 10-year risk: 0.1% to 99% with no statin, under 1 to 99 in 100.
    aid = AIDS["statins-primary-prevention"]
    rows = option_grid(aid, personalise(aid)).rows
    assert rows[-len(aid.outcomes)].answers[0] == (
        "between fewer than 1 and 99 in 100, depending on the answers not known"
    )
