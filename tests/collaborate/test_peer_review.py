"""Peer review with Observer OPTION-5: the data file, the score worked by hand, the form's checks,
storage on SQLite and PostgreSQL, and the evaluator's table with small counts hidden."""

from __future__ import annotations

import datetime as dt
import doctest
from pathlib import Path

import pytest
import yaml
from feedback_helpers import add_responses
from sqlalchemy import Engine

from collaborate import observer, training
from collaborate.observer import OBSERVER_FILE, ObserverScore, load_observer, score_option5
from collaborate.peer_review import (
    PeerReview,
    PeerReviewInvalid,
    check_peer_review,
    count_by_site,
    record_peer_review,
    reviews_of,
)
from collaborate.training import Who
from collaborate.training_report import (
    clinician_view,
    peer_review_cells,
    reviews_by_site,
    reviews_cells,
)

pytest_plugins = ["feedback_fixtures"]  # the database fixtures

TODAY = dt.date(2026, 3, 10)
DAY = dt.date(2026, 3, 2)


def _review(**changes: object) -> PeerReview:
    fields: dict[str, object] = {
        "reviewer": "R7654321",
        "clinician": "C1234567",
        "site": "Y02345",
        "review_date": DAY,
        "observed": "recording",
        "items": (2, 1, 3, 0, 4),
        "feedback": "You offered both options clearly.",
        "today": TODAY,
    }
    fields.update(changes)
    return check_peer_review(**fields)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------
# The measure and its score


@pytest.mark.parametrize(
    ("items", "total", "rescaled"),
    [
        ((2, 1, 3, 0, 4), 10, 50.0),  # 2+1+3+0+4 = 10 of 20; 10 x 100/20 = 50
        ((1, 2, 2, 3, 3), 11, 55.0),  # 11 x 5 = 55
        ((4, 4, 4, 4, 3), 19, 95.0),  # 19 x 5 = 95
        ((0, 0, 0, 0, 0), 0, 0.0),
        ((4, 4, 4, 4, 4), 20, 100.0),
    ],
)
def test_the_score_is_the_sum_rescaled_to_100(items: tuple[int, ...], total: int, rescaled: float):
    assert score_option5(items) == ObserverScore(total, rescaled)


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ((1, 2, 3, 4), "OPTION-5 has 5 items; got 4 scores"),
        ((1, 2, 3, 4, 5), "item 5 must be scored 0 to 4; got 5"),
        ((-1, 2, 3, 4, 4), "item 1 must be scored 0 to 4; got -1"),
        ((1, True, 3, 4, 4), "item 2 must be scored 0 to 4; got True"),
    ],
)
def test_a_score_off_the_scale_is_refused(items: tuple[int, ...], message: str):
    with pytest.raises(ValueError, match=message):
        score_option5(items)


@pytest.mark.parametrize("module", [observer, training])
def test_the_docstring_examples_hold(module: object):
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert (result.failed, result.attempted > 0) == (0, True)


def test_the_measure_is_provisional_while_its_terms_are_not_confirmed():
    measure = load_observer()
    assert not measure.licence.confirmed
    assert measure.provisional
    assert "could not confirm" in measure.notice
    assert "Glyn Elwyn" in measure.notice
    assert [item.id for item in measure.items] == [f"item_{n}" for n in range(1, 6)]
    assert measure.scale.labels == {
        0: "No effort",
        1: "Minimal effort",
        2: "Moderate effort",
        3: "Skilled effort",
        4: "Exemplary effort",
    }


def test_a_file_calling_it_checked_without_confirmed_terms_is_refused(tmp_path: Path):
    data = yaml.safe_load(OBSERVER_FILE.read_text(encoding="utf-8"))
    data["status"] = "checked"
    broken = tmp_path / "observer.yaml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError, match="cannot be 'checked' while the licence is not confirmed"):
        load_observer(broken)


# ------------------------------------------------------------------------------------------
# The form's checks


def test_a_complete_form_becomes_a_review():
    review = _review(reviewer=" R7654321 ", feedback="  ")
    assert review.reviewer == "R7654321"
    assert review.feedback is None
    assert review.score == ObserverScore(10, 50.0)


def test_the_edges_of_what_is_accepted():
    assert _review(review_date=TODAY).review_date == TODAY  # a consultation earlier today
    assert _review(items=(0, 0, 0, 0, 0)).score == ObserverScore(0, 0.0)
    assert _review(items=(4, 4, 4, 4, 4)).score == ObserverScore(20, 100.0)
    assert _review(feedback="x" * 2000).feedback == "x" * 2000
    # eleven digits, or a phone number, are not an NHS number
    assert _review(feedback="ref 94347659190; call 01234 567890").feedback is not None


def test_an_empty_form_says_what_each_field_needs():
    with pytest.raises(PeerReviewInvalid) as refused:
        check_peer_review(
            reviewer="",
            clinician=None,
            site=" ",
            review_date=None,
            observed=None,
            items=(None, None, 2, None, None),
            today=TODAY,
        )
    assert refused.value.problems == {
        "reviewer": "Enter your own code as the reviewer, such as your GMC or NMC number.",
        "clinician": "Enter the code of the clinician whose consultation you reviewed.",
        "site": "Enter the site code, such as the practice's ODS code.",
        "review_date": "Enter the date of the consultation you reviewed.",
        "observed": "Choose how you saw the consultation: in person or from a recording.",
        "item_1": "Score item 1, from 0 to 4.",
        "item_2": "Score item 2, from 0 to 4.",
        "item_4": "Score item 4, from 0 to 4.",
        "item_5": "Score item 5, from 0 to 4.",
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"reviewer": "C1234567"},
            "reviewer",
            "the reviewer's code is the same as the clinician's",
        ),
        ({"clinician": "943 476 5919"}, "clinician", "looks like an NHS number"),
        ({"reviewer": "9434765919"}, "reviewer", "give the reviewer's own code"),
        ({"site": "Y0 2345"}, "site", "The site code 'Y0 2345' is not a code"),
        ({"review_date": dt.date(2026, 3, 11)}, "review_date", "11 March 2026 is after today"),
        ({"observed": "telepathy"}, "observed", "in person or from a recording"),
        ({"items": (2, 1, 7, 0, 4)}, "item_3", "Item 3 is scored from 0 to 4; 7 is not."),
        ({"feedback": "NHS no 9434765919 was seen"}, "feedback", "seems to hold an NHS number"),
        ({"feedback": "x" * 2001}, "feedback", "2,000 characters or fewer; it has 2,001"),
    ],
)
def test_a_bad_field_is_named_with_what_to_fix(
    changes: dict[str, object], field: str, message: str
):
    with pytest.raises(PeerReviewInvalid) as refused:
        _review(**changes)
    assert list(refused.value.problems) == [field]
    assert message in refused.value.problems[field]


# ------------------------------------------------------------------------------------------
# Storage and what each reader sees


def test_reviews_are_stored_and_shown_to_their_clinician_newest_first(engine: Engine):
    older = _review(review_date=dt.date(2026, 2, 1), observed="in_person", feedback=None)
    newer = _review()
    record_peer_review(engine, older)
    record_peer_review(engine, newer)
    record_peer_review(engine, _review(clinician="C7777777"))
    assert reviews_of(engine, "C1234567") == [newer, older]
    assert count_by_site(engine, Who(clinicians=("C1234567",)))[0].total_sum == 20  # 10 + 10


def test_the_clinician_sees_their_reviews_beside_their_collaborate(engine: Engine):
    record_peer_review(engine, _review())
    add_responses(engine, 26, (9, 9, 9), clinician="C1234567")
    add_responses(engine, 30, (0, 0, 0), clinician="C7777777")  # another clinician's: not shown
    view = clinician_view(engine, "C1234567")
    (line,) = peer_review_cells(view.reviews)
    assert line == {
        "consultation": "2026-03-02",
        "seen": "From a recording",
        "reviewer": "R7654321",
        "item 1": "2",
        "item 2": "1",
        "item 3": "3",
        "item 4": "0",
        "item 5": "4",
        "total (0-20)": "10",
        "OPTION-5 (0-100)": "50",
        "feedback": "You offered both options clearly.",
    }
    (table,) = view.collaborate
    assert table.overall.responses == 26
    assert table.overall.score is not None
    assert table.overall.score.top_score.value == 1.0  # 26 of 26 answered 9, 9, 9


def _reviews(engine: Engine, n: int, site: str, items: tuple[int, ...]) -> None:
    for k in range(n):
        record_peer_review(engine, _review(clinician=f"{site}C{k:02}", site=site, items=items))


def test_the_evaluator_sees_counts_and_means_by_site(engine: Engine):
    _reviews(engine, 12, "S1", (2, 2, 2, 2, 2))  # 10 of 20 each: 50
    _reviews(engine, 10, "S2", (4, 4, 4, 4, 3))  # 19 of 20 each: 95
    cells = {row["site"]: row for row in reviews_cells(reviews_by_site(engine))}
    assert cells["S1"] == {"site": "S1", "peer reviews": "12", "mean OPTION-5 (0-100)": "50.0"}
    assert cells["S2"] == {"site": "S2", "peer reviews": "10", "mean OPTION-5 (0-100)": "95.0"}
    # (12 x 50 + 10 x 95) / 22 = (600 + 950) / 22 = 70.45...
    assert cells["All sites"]["mean OPTION-5 (0-100)"] == "70.5"
    assert cells["All sites"]["peer reviews"] == "22"


def test_with_no_reviews_there_is_no_mean_and_nothing_hidden(engine: Engine):
    assert reviews_cells(reviews_by_site(engine)) == [
        {"site": "All sites", "peer reviews": "0", "mean OPTION-5 (0-100)": "-"}
    ]


def test_a_site_with_fewer_than_10_reviews_is_hidden_and_so_is_what_reveals_it(engine: Engine):
    _reviews(engine, 12, "S1", (2, 2, 2, 2, 2))
    _reviews(engine, 3, "S2", (4, 4, 4, 4, 4))
    table = reviews_by_site(engine)
    # S2's 3 is hidden; 15 - 12 would give it back, so S1 is hidden too (the overall row last).
    assert [(r.site, r.reviews, r.mean) for r in table.sites] == [
        ("S1", None, None),
        ("S2", None, None),
    ]
    # (12 x 50 + 3 x 100) / 15 = 900 / 15 = 60
    assert (table.overall.reviews, table.overall.mean) == (15, 60.0)
    assert "[c]" in str(reviews_cells(table))
