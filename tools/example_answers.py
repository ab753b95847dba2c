"""A realistic person's answers to every aid's page, for benchmarks and browser tests.

Built from each aid's own form (its calculator inputs, "what matters to me" statements, the SURE
test, its options and questions), so a new aid gets an example person the day it lands. The
calculator inputs are one person per calculator input; everything else is answered as a person who
has thought about it would: every statement rated, the SURE test answered, an option leaned
towards and four questions ticked.
"""

from __future__ import annotations

from urllib.parse import urlencode

from decision_aids.answers import ASK, LEANING, RATING, SURE
from decision_aids.forms import calculator_fields
from decision_aids.model import DecisionAid
from decision_aids.values import SURE_ITEMS

#: One person's calculator inputs: a 76-year-old woman with high blood pressure and atrial
#: fibrillation (CHA2DS2-VASc 4, ORBIT 1), a 10-year cardiovascular risk of 12%, a 10-year hip
#: fracture risk of 3.5%, type 2 diabetes without heart or kidney disease and two risk factors.
INPUTS = {
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
    "risk_percent": "12",
    "hip_fracture_risk_percent": "3.5",
    "cardiovascular_disease": "no",
    "chronic_kidney_disease": "no",
    "risk_factors": "2",
}
#: Ratings given in turn to an aid's statements (0 = does not matter, 4 = matters most of all).
RATINGS = ("4", "3", "1", "4", "2", "0")
SURE_ANSWERS = ("yes", "yes", "no", "yes")
ASKED = ("0", "1", "2", "3")
#: Inputs a person at home rarely knows: left blank.
_UNKNOWN = frozenset({"haemoglobin_g_per_l", "haematocrit_percent", "egfr"})


def example_answers(aid: DecisionAid) -> list[tuple[str, str]]:
    """The example person's answers to `aid`'s page, as its form would put them in the address.

    Lab values the person would not know (haemoglobin, kidney function) are left blank.
    """
    fields = [f.name for f in calculator_fields(aid)]
    missing = [name for name in fields if name not in INPUTS and name not in _UNKNOWN]
    if missing:
        raise ValueError(
            f"the example person has no answer for {', '.join(missing)} ({aid.slug}): "
            "add one to tools.example_answers.INPUTS"
        )
    pairs = [(name, INPUTS[name]) for name in fields if name in INPUTS]
    pairs += [(RATING + value.id, RATINGS[i % len(RATINGS)]) for i, value in enumerate(aid.values)]
    pairs += [
        (SURE + key, answer) for (key, _, _), answer in zip(SURE_ITEMS, SURE_ANSWERS, strict=True)
    ]
    pairs += [(ASK, n) for n in ASKED]
    pairs.append((LEANING, aid.options[0].id))
    return pairs


def example_query(aid: DecisionAid) -> str:
    """:func:`example_answers` as the query of the aid's page address (no leading ``?``)."""
    return urlencode(example_answers(aid))
