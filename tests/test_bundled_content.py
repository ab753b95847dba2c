"""Every bundled aid is a test: it loads, lints without errors and shows numbers for a person.

A new file in content/ is tested the day it lands, with no change here unless it uses a
calculator that has no example person below.
"""

from __future__ import annotations

import pytest
from support.data import PRIORITY_AREA_AIDS

from decision_aids import lint
from decision_aids.calculators import CALCULATORS
from decision_aids.content import content_dir, content_files, load_library
from decision_aids.outcomes import personalise

LIBRARY = load_library()
FILES = content_files([content_dir()])

#: One example person per calculator (inputs shared by several calculators, such as age, agree).
EXAMPLE_PERSON = {
    "cha2ds2vasc": {
        "age": "76",
        "sex": "female",
        "congestive_heart_failure": "no",
        "hypertension": "yes",
        "diabetes": "no",
        "stroke_tia_or_thromboembolism": "no",
        "vascular_disease": "no",
    },
    "orbit": {
        "age": "76",
        "sex": "female",
        "haemoglobin_g_per_l": "125",
        "anaemia_history": "no",
        "bleeding_history": "no",
        "egfr": "55",
        "antiplatelet": "no",
    },
    "ten_year_cvd_risk": {"risk_percent": "12"},
    "ten_year_hip_fracture_risk": {"hip_fracture_risk_percent": "3.5"},
    "diabetes_risk_group": {
        "cardiovascular_disease": "yes",
        "chronic_kidney_disease": "no",
        "risk_factors": "2",
    },
}


def test_every_priority_area_aid_is_bundled() -> None:
    assert set(LIBRARY.aids) >= PRIORITY_AREA_AIDS


def test_every_calculator_has_an_example_person() -> None:
    assert set(EXAMPLE_PERSON) == set(CALCULATORS)


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_aid_loads_without_problems(path) -> None:
    errors = [str(p) for p in LIBRARY.errors if p.file == str(path)]
    assert errors == []
    assert path.stem in LIBRARY.aids


@pytest.mark.parametrize("slug", sorted(LIBRARY.aids))
def test_aid_has_no_lint_errors_and_is_a_draft(slug: str) -> None:
    aid = LIBRARY.aids[slug]
    errors = [f for f in lint.lint(aid) if lint.CHECKS[f.check].severity == "error"]
    assert errors == []
    assert aid.review.status == "draft"  # nobody here may mark an aid reviewed


@pytest.mark.parametrize("slug", sorted(LIBRARY.aids))
def test_aid_gives_every_option_a_count_for_an_example_person(slug: str) -> None:
    aid = LIBRARY.aids[slug]
    person = {k: v for calc in aid.personalisation for k, v in EXAMPLE_PERSON[calc].items()}
    result = personalise(aid, person)
    for outcome in result.outcomes:
        assert outcome.waiting_for is None
        for figure in outcome.figures:
            if figure.not_known is None:
                assert figure.count is not None
                assert 0 <= figure.count <= outcome.denominator
            else:
                assert figure.count is None


@pytest.mark.parametrize("slug", sorted(LIBRARY.aids))
def test_every_cited_source_has_a_link(slug: str) -> None:
    aid = LIBRARY.aids[slug]
    cited = {s for o in personalise(aid).outcomes for f in o.figures for s in f.sources}
    assert cited <= {s.id for s in aid.sources}
    assert all(str(aid.source(s).url).startswith("https://") for s in cited)


def test_evidence_gaps_has_a_section_for_every_aid() -> None:
    gaps = (content_dir().parent / "docs" / "evidence-gaps.md").read_text(encoding="utf-8")
    headings = {line[3:].strip() for line in gaps.splitlines() if line.startswith("## ")}
    assert set(LIBRARY.aids) <= headings


def _cited(aid):
    """Every cited figure of an aid: fixed baselines, probabilities and effects."""
    for outcome in aid.outcomes:
        if outcome.baseline is not None and outcome.baseline.value is not None:
            yield outcome.baseline
        for figure in outcome.options.values():
            yield getattr(figure, "effect", figure)


@pytest.mark.parametrize("slug", sorted(LIBRARY.aids))
def test_a_figure_whose_note_says_derived_is_marked_derived(slug: str) -> None:
    for cited in _cited(LIBRARY.aids[slug]):
        note = getattr(cited, "note", None) or ""
        if note.lower().startswith("derived"):
            assert cited.derived, note[:80]


def test_derived_figures_say_so_where_they_are_shown() -> None:
    statins = LIBRARY.aids["statins-primary-prevention"]
    result = personalise(statins, EXAMPLE_PERSON["ten_year_cvd_risk"])
    assert "worked out by the authors" in result.outcomes[0].figures[1].how
