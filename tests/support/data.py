"""Shared test data: where things are, the test content corpus, and an example person."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: The test content corpus: files that load (valid/) and files with one mistake each (broken/).
TEST_CONTENT = REPO / "tests" / "content"
VALID_DIR = TEST_CONTENT / "valid"
BROKEN_DIR = TEST_CONTENT / "broken"
VALID_SLUGS = {"template-aid", "personalised-aid"}

#: A person for the AF aid: CHA2DS2-VASc 4 (age 76, female, high blood pressure), ORBIT 1.
AF_PERSON = {
    "age": "76",
    "sex": "female",
    "congestive_heart_failure": "no",
    "hypertension": "yes",
    "diabetes": "no",
    "stroke_tia_or_thromboembolism": "no",
    "vascular_disease": "no",
    "anaemia_history": "no",
    "bleeding_history": "no",
    "antiplatelet": "no",
}
#: The same person's answers as the AF aid's radio buttons show them ("Female", "Yes", "No").
AF_RADIOS = {name: answer.capitalize() for name, answer in AF_PERSON.items() if name != "age"}

#: The ten aids the first wave wrote for the priority areas.
PRIORITY_AREA_AIDS = frozenset(
    {
        "af-anticoagulation",
        "statins-primary-prevention",
        "knee-osteoarthritis",
        "hypertension-treatment",
        "hip-osteoarthritis",
        "shoulder-pain-subacromial",
        "low-back-pain-sciatica",
        "advanced-cancer-treatment-choices",
        "cpr-and-treatment-escalation",
        "care-home-medicines-review",
    }
)
