"""The summary a patient keeps and a clinician files."""

from __future__ import annotations

import datetime as dt

import pytest

from decision_aids.calculators import CalculatorInputError
from decision_aids.content import load_library
from decision_aids.summary import NOT_DECIDED, build_summary, summary_text
from decision_aids.values import AnswerError

LIBRARY = load_library()
STATINS = LIBRARY.aids["statins-primary-prevention"]
DAY = dt.date(2026, 11, 24)


def test_summary_holds_the_decision_and_the_persons_numbers() -> None:
    summary = build_summary(STATINS, {"risk_percent": "10"}, decision="statin", today=DAY)
    text = summary_text(summary)
    assert summary.decision is not None
    assert f"Decision: {STATINS.option('statin').name}" in text
    assert "Date: 2026-11-24" in text
    assert "Details used: 10-year risk 10%" in text
    # 10% without a statin, as entered; the statin figure comes from the aid's effect via risk
    assert "No statin: 10 in 100 over the next 10 years" in text
    statin = summary.personalised.outcomes[0].figures[1]
    assert f"{statin.option.name}: {statin.count} in 100 over the next 10 years" in text
    assert "DRAFT, not yet reviewed by a clinician" in text


def test_summary_without_a_decision_says_not_decided_yet() -> None:
    text = summary_text(build_summary(STATINS, {"risk_percent": "10"}, today=DAY))
    assert f"Decision: {NOT_DECIDED}" in text


def test_summary_lists_only_the_sources_behind_the_figures() -> None:
    summary = build_summary(STATINS, {"risk_percent": "10"}, today=DAY)
    cited = {s for o in summary.personalised.outcomes for f in o.figures for s in f.sources}
    assert {s.id for s in summary.sources} == cited
    text = summary_text(summary)
    for source in summary.sources:
        assert str(source.url) in text


def test_summary_includes_values_and_sure_when_given() -> None:
    first = STATINS.values[0]
    summary = build_summary(
        STATINS,
        {"risk_percent": "10"},
        importance={first.id: "4"},
        sure_answers={
            "sure": "yes",
            "understand": "yes",
            "risk_benefit": "no",
            "encouragement": "yes",
        },
        today=DAY,
    )
    text = summary_text(summary)
    assert "What matters to them: What you said leans towards:" in text
    assert first.statement in text
    assert "SURE test: 3 of 4." in text


def test_summary_refuses_an_unknown_decision() -> None:
    with pytest.raises(AnswerError, match="'surgery' is not an option"):
        build_summary(STATINS, {"risk_percent": "10"}, decision="surgery")


def test_summary_refuses_bad_inputs() -> None:
    with pytest.raises(CalculatorInputError, match="risk_percent"):
        build_summary(STATINS, {"risk_percent": "500"})


@pytest.mark.parametrize("slug", sorted(LIBRARY.aids))
def test_every_aid_has_a_summary_with_every_outcome(slug: str) -> None:
    aid = LIBRARY.aids[slug]
    text = summary_text(build_summary(aid, today=DAY))
    for outcome in aid.outcomes:
        assert f"- {outcome.label[:1].upper()}{outcome.label[1:]} (" in text
    assert "identifier" not in text.lower()
