"""Reports from the database: scores by group, hidden where small, and decisions with costs."""

from __future__ import annotations

import datetime as dt

import pytest
from feedback_helpers import add_responses
from sqlalchemy import Engine

from collaborate.aggregates import Filters
from collaborate.decisions import record_decision
from collaborate.report import OptionCost, Rules, decision_rows, funnel_of, score_tables
from collaborate.report_format import decisions_text, report_json, table_text
from decision_aids.model import Cost

pytest_plugins = ["feedback_fixtures"]  # the database fixtures


JAN, FEB = dt.date(2026, 1, 15), dt.date(2026, 2, 15)


@pytest.fixture
def filled(engine: Engine) -> Engine:
    add_responses(engine, 20, (9, 9, 9), site="A", clinician="C1", date=JAN)
    add_responses(engine, 7, (9, 8, 9), site="A", clinician="C1", date=JAN)
    add_responses(engine, 3, (9, None, 9), site="A", clinician="C1", date=JAN)
    add_responses(engine, 5, (5, 5, 5), site="B", clinician="C2", date=JAN)
    add_responses(engine, 26, (9, 9, 9), site="C", clinician="C3", date=FEB)
    add_responses(engine, 12, (9, 9, 9), site="D", clinician="C4", date=FEB)
    add_responses(engine, 12, (4, 4, 4), site="A", clinician="C1", date=JAN, scale_max=4)
    return engine


def test_scores_by_site_with_small_numbers_hidden(filled: Engine):
    ten_point, five_point = score_tables(filled, ["site"])
    assert (ten_point.scale_max, five_point.scale_max) == (9, 4)  # never pooled
    a, b, c, d = ten_point.rows
    assert [r.key for r in (a, b, c, d)] == [("A",), ("B",), ("C",), ("D",)]
    # A: 27 complete + 3 incomplete; the 3 is hidden, and so the total that would reveal it
    assert (a.responses, a.complete, a.incomplete) == (None, 27, None)
    assert a.score is not None
    assert a.score.top == 20
    # B: 5 responses, all hidden; no score
    assert (b.responses, b.complete, b.incomplete, b.score) == (None, None, 0, None)
    assert b.hidden_by == "a count under 10 is hidden, and counts that would reveal one"
    # the overall 70 complete less A, C and D would give B's 5: D's 12 (no score anyway) is
    # hidden with it, rather than C's count, which carries a score, or the overall count
    assert c.score is not None
    assert c.score.top_score.value == 1.0
    assert (d.responses, d.complete, d.score) == (None, None, None)
    overall = ten_point.overall
    assert (overall.responses, overall.complete, overall.incomplete) == (None, 70, None)
    assert five_point.overall.score is None  # 12 complete: under 25
    assert five_point.overall.hidden_by == "fewer than 25 complete responses"


def test_a_lone_small_group_can_cost_another_groups_score(engine: Engine):
    """With no group to spare, the smallest scored group is hidden too: totals must not tell."""
    add_responses(engine, 30, (9, 9, 9), site="A")
    add_responses(engine, 26, (9, 9, 8), site="C")
    add_responses(engine, 4, (9, 9, 9), site="B")
    [table] = score_tables(engine, ["site"])
    assert [(r.key[0], r.complete, r.score is not None) for r in table.rows] == [
        ("A", 30, True), ("B", None, False), ("C", None, False),
    ]  # fmt: skip
    assert table.overall.complete == 60


def test_filters_and_a_configurable_minimum(filled: Engine):
    [table] = score_tables(filled, ["month"], Filters(sites=("C",), scale_max=9))
    assert [r.key for r in table.rows] == [("2026-02",)]
    [strict] = score_tables(filled, ["site"], Filters(scale_max=9), Rules(min_group=30))
    assert all(r.score is None for r in strict.rows)


def test_the_funnel_uses_the_shown_scores_only(filled: Engine):
    table = score_tables(filled, ["site"])[0]
    result = funnel_of(table)
    assert result is not None
    assert sorted(p.unit for p in result.points) == ["A", "C"]
    assert result.target == pytest.approx(58 / 70)
    assert funnel_of(score_tables(filled, ["site", "month"])[0]) is None


def test_decisions_per_aid_and_month_with_their_cost(filled: Engine):
    for option, n in (("doac", 14), ("warfarin", 11), (None, 3)):
        for _ in range(n):
            record_decision(filled, aid="af-anticoagulation", option=option, site="A",
                            clinician="C1", date=JAN)  # fmt: skip
    costs = {
        ("af-anticoagulation", "doac"): OptionCost(365.0, "NHS National Cost Collection 2023/24"),
        ("af-anticoagulation", "warfarin"): OptionCost(
            120.5, "NHS National Cost Collection 2023/24"
        ),
    }
    [row] = decision_rows(filled, costs)
    assert (row.aid, row.month) == ("af-anticoagulation", "2026-01")
    by_option = {c.option: c for c in row.choices}
    assert by_option[None].count is None  # 3 not decided: hidden...
    hidden = [c.option for c in row.choices if c.count is None]
    assert len(hidden) + (row.total is None) >= 2  # ...with a partner, so the total can't tell
    assert row.total_cost is None  # a count is hidden, so the total cost would reveal it
    shown = [c for c in row.choices if c.count is not None]
    for choice in shown:
        assert choice.cost == choice.count * costs[("af-anticoagulation", choice.option)].pounds
    # the scores for the same aid and month: site A's 27 complete and site B's 5, in January
    assert row.scores[9].score is not None
    assert row.scores[9].score.complete == 32
    assert row.scores[4].score is None


def test_decision_costs_total_when_every_count_is_shown(engine: Engine):
    for option, n in (("doac", 10), ("warfarin", 12)):
        for _ in range(n):
            record_decision(engine, aid="af-anticoagulation", option=option, site="A",
                            clinician="C1", date=FEB)  # fmt: skip
    costs = {("af-anticoagulation", "doac"): OptionCost(2.5, "s"),
             ("af-anticoagulation", "warfarin"): OptionCost(1.0, "s")}  # fmt: skip
    [row] = decision_rows(engine, costs)
    assert (row.total, row.total_cost) == (22, 37.0)
    [unpriced] = decision_rows(engine, {})
    assert unpriced.total_cost is None
    assert "total cost not shown" in decisions_text([unpriced], Rules())


def test_decisions_are_checked(engine: Engine):
    with pytest.raises(ValueError, match="not an option id"):
        record_decision(engine, aid="af-anticoagulation", option="DOAC!", site="A",
                        clinician="C1", date=JAN)  # fmt: skip


def test_json_and_text_carry_the_same_hidden_numbers(filled: Engine):
    tables = score_tables(filled, ["site"])
    data = report_json(tables, [])
    groups = data["scores"][0]["groups"]
    assert groups[1] == {
        "group": {"site": "B"},
        "responses": None,
        "complete": None,
        "incomplete": 0,
        "top_score_percent": None,
        "mean_score_0_to_9": None,
        "rescaled_mean_0_to_100": None,
        "not_shown_because": "a count under 10 is hidden, and counts that would reveal one",
    }
    assert groups[2]["top_score_percent"]["value"] == 100.0
    assert "NonCommercial-NoDerivs" in data["licence"]
    text = table_text(tables[0])
    assert "[c]" in text
    assert "[u]" in text
    line_b = next(line for line in text.splitlines() if line.startswith("B "))
    assert "5" not in line_b.split()  # B's five responses appear nowhere


def test_content_costs_come_from_the_aids_with_their_source():
    from collaborate.report import content_costs
    from decision_aids.content import load_library

    aid = load_library().aids["statins-primary-prevention"]
    source = aid.sources[0]
    statin = aid.options[1].model_copy(
        update={
            "cost": Cost(pounds=20.0, what="a year of tablets", price_year=2024, source=source.id)
        }
    )
    priced = aid.model_copy(update={"options": [aid.options[0], statin]})
    costs = content_costs([priced])
    assert set(costs) == {("statins-primary-prevention", statin.id)}
    assert costs[("statins-primary-prevention", statin.id)].pounds == 20.0
    assert source.citation in costs[("statins-primary-prevention", statin.id)].source
    assert "2024 prices" in costs[("statins-primary-prevention", statin.id)].source
