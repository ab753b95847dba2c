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


def test_scores_by_site_with_small_parts_counted_nowhere(filled: Engine):
    ten_point, five_point = score_tables(filled, ["site"])
    assert (ten_point.scale_max, five_point.scale_max) == (9, 4)  # never pooled
    # B's 5 and A's 3 incomplete responses are parts under 10: they count nowhere
    a, c, d = ten_point.rows
    assert [r.key for r in (a, c, d)] == [("A",), ("C",), ("D",)]
    # A: 20 + 7 = 27 complete, of which 20 top
    assert (a.responses, a.complete, a.incomplete) == (27, 27, 0)
    assert a.score is not None
    assert a.score.top == 20
    assert c.score is not None
    assert c.score.top_score.value == 1.0
    assert (d.responses, d.complete, d.score) == (12, 12, None)  # under 25 complete
    assert d.hidden_by == "fewer than 25 complete responses"
    overall = ten_point.overall  # 27 + 26 + 12 = 65
    assert (overall.responses, overall.complete, overall.incomplete) == (65, 65, 0)
    assert five_point.overall.score is None  # 12 complete: under 25
    assert five_point.overall.hidden_by == "fewer than 25 complete responses"


def test_a_small_group_costs_no_other_group_its_score(engine: Engine):
    add_responses(engine, 30, (9, 9, 9), site="A")
    add_responses(engine, 26, (9, 9, 8), site="C")
    add_responses(engine, 4, (9, 9, 9), site="B")
    [table] = score_tables(engine, ["site"])
    assert [(r.key[0], r.complete, r.score is not None) for r in table.rows] == [
        ("A", 30, True), ("C", 26, True),
    ]  # fmt: skip
    assert table.overall.complete == 30 + 26


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
    assert result.target == pytest.approx((20 + 26 + 12) / (27 + 26 + 12))
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
    # the 3 not decided count nowhere: 14 + 11 = 25 decisions
    assert row.total == 25
    assert [(c.option, c.count) for c in row.choices] == [("doac", 14), ("warfarin", 11)]
    assert [c.cost for c in row.choices] == [14 * 365.0, 11 * 120.5]
    assert row.total_cost == 5110.0 + 1325.5
    # the scores for the same aid and month: site A's 27 complete (site B's 5 count nowhere)
    assert row.scores[9].score is not None
    assert row.scores[9].score.complete == 27
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


def test_json_and_text_carry_the_same_numbers(filled: Engine):
    tables = score_tables(filled, ["site"])
    data = report_json(tables, [])
    groups = data["scores"][0]["groups"]
    assert [g["group"] for g in groups] == [{"site": "A"}, {"site": "C"}, {"site": "D"}]
    assert groups[2] == {
        "group": {"site": "D"},
        "responses": 12,
        "complete": 12,
        "incomplete": 0,
        "top_score_percent": None,
        "mean_score_0_to_9": None,
        "rescaled_mean_0_to_100": None,
        "not_shown_because": "fewer than 25 complete responses",
    }
    assert groups[1]["top_score_percent"]["value"] == 100.0
    assert groups[0]["top_score_percent"]["value"] == round(100 * 20 / 27, 1)  # 74.1
    assert "NonCommercial-NoDerivs" in data["licence"]
    text = table_text(tables[0])
    assert "[u]" in text
    assert not any(line.startswith("B ") for line in text.splitlines())  # B's 5: nowhere


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
