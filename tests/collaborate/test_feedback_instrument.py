"""The instrument file holds collaboRATE exactly as published (research note §1.2, §1.5, §1.10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from collaborate.instrument import INSTRUMENT_FILE, ITEM_IDS, load_instrument

# Verbatim from PhenX protocol 662301 and Implementing THRIVE, as quoted in
# shared/research/collaborate-and-measures.md §1.2: these must never change.
PATIENT_ITEMS = (
    "How much effort was made to help you understand your health issues?",
    "How much effort was made to listen to the things that matter most to you about your health issues?",
    "How much effort was made to include what matters most to you in choosing what to do next?",
)
FIVE_POINT_LABELS = {
    0: "No effort was made",
    1: "A little effort was made",
    2: "Some effort was made",
    3: "A lot of effort was made",
    4: "Every effort was made",
}


def test_patient_items_are_verbatim():
    version = load_instrument().version("patient")
    assert tuple(item.text for item in version.items) == PATIENT_ITEMS
    assert tuple(item.id for item in version.items) == ITEM_IDS
    assert not version.provisional


def test_parent_items_swap_in_your_childs_health_issues_and_are_flagged_provisional():
    parent = load_instrument().version("parent")
    expected = tuple(
        t.replace("your health issues", "your child's health issues") for t in PATIENT_ITEMS
    )
    assert tuple(item.text for item in parent.items) == expected
    assert expected[2] == PATIENT_ITEMS[2]  # "to you" stays in item 3
    assert parent.provisional  # not yet checked against the developers' PDF (research §1.3)


def test_ten_point_scale_labels_only_its_ends():
    scale = load_instrument().scale(9)
    assert list(scale.points) == list(range(10))
    assert scale.labels == {0: "No effort was made", 9: "Every effort was made"}
    assert scale.label(5) is None


def test_five_point_scale_labels_every_point_and_says_its_top_score_is_ours():
    scale = load_instrument().scale(4)
    assert scale.labels == FIVE_POINT_LABELS
    assert "our derivation" in scale.top_score_rule.lower()


def test_licence_and_attribution_are_carried():
    instrument = load_instrument()
    assert instrument.licence.short_name == "CC BY-NC-ND 3.0"
    assert instrument.licence.url == "https://creativecommons.org/licenses/by-nc-nd/3.0/"
    assert "Elwyn" in instrument.citations[0]
    assert "2013" in instrument.citations[0]
    assert "Barr" in instrument.citations[1]
    assert "2014" in instrument.citations[1]
    assert "not endorsed" in instrument.notice
    assert instrument.licence.name in instrument.notice


def test_the_items_live_only_in_the_data_file():
    """No module spells out an item: code reads the data file (NoDerivs, one source)."""
    package = INSTRUMENT_FILE.parent
    for module in package.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        for item in PATIENT_ITEMS:
            assert item not in text, f"{module} repeats an item's wording"


def test_unknown_version_or_scale_is_a_clear_error():
    instrument = load_instrument()
    with pytest.raises(ValueError, match="use one of: patient, parent"):
        instrument.version("carer")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no scale with top point 6"):
        instrument.scale(6)


def test_a_broken_file_names_itself(tmp_path: Path):
    broken = tmp_path / "instrument.yaml"
    text = INSTRUMENT_FILE.read_text(encoding="utf-8").replace("id: item_2", "id: item_9", 1)
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"(?s)instrument\.yaml.*item_1, item_2, item_3"):
        load_instrument(broken)
