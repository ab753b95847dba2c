"""Answers packed into an address short enough to type: exact codes, round trips, and refusals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.data import AF_PERSON, VALID_DIR

from decision_aids import address
from decision_aids.address import PARAM, AddressError, pack, slots, unpack
from decision_aids.content import load_aid, load_library
from decision_aids.model import DecisionAid, ValueStatement
from decision_aids.sharing import packed_url
from decision_aids.web.views import aid_view
from tools.example_answers import example_answers

AIDS = load_library().aids
AF = AIDS["af-anticoagulation"]
TEST_AID, _ = load_aid(VALID_DIR / "personalised-aid.md")
assert TEST_AID is not None

#: The test aid's form, in order: risk_percent (typed), three statements rated 0-4, the four
#: SURE questions (yes/no), the option leaned towards (no-tablet, tablet, unsure).
ANSWERS = [
    ("risk_percent", "12"),
    ("matters.avoid-tablets", "0"),
    ("matters.lower-chance", "4"),
    ("sure.sure", "yes"),
    ("sure.understand", "no"),
    ("leaning", "tablet"),
    ("ask", "0"),
    ("ask", "2"),
]
#: Worked by hand: format "1"; "12" then "-"; rating 0 is the 1st choice "1", rating 4 the 5th
#: "5", the third statement unrated "0"; SURE yes "1", no "2", two unanswered "00"; "tablet" is
#: the 2nd option "2"; questions 0 and 2 are bits 0 and 2, 1 + 4 = 5.
BODY = "1" + "12-" + "150" + "1200" + "2" + "5"


def test_the_code_holds_each_answer_in_the_forms_order() -> None:
    code = pack(TEST_AID, ANSWERS)
    assert code[:-2] == BODY
    assert len(code) == len(BODY) + 2  # two check characters
    assert unpack(TEST_AID, code) == ANSWERS


def test_unanswered_questions_at_the_end_are_left_out() -> None:
    code = pack(TEST_AID, [("risk_percent", "7.5")])
    assert code[:-2] == "1" + "7.5-"
    assert unpack(TEST_AID, code) == [("risk_percent", "7.5")]


def test_answers_outside_the_choices_come_back_exactly() -> None:
    odd = [("risk_percent", "unknown"), ("sure.sure", "Not sure - ¿?"), ("leaning", "unsure")]
    code = pack(TEST_AID, odd)
    # "unknown" is plain; in a choice question the written-out answer starts with "-"; "N" is
    # byte 0x4e, " " 0x20, "¿" the UTF-8 bytes c2 bf, "?" 0x3f; "unsure" is the 3rd choice.
    assert code[:-2] == (
        "1" + "unknown-" + "000" + "-_4eot_20sure_20_2d_20_c2_bf_3f-" + "000" + "3"
    )
    assert unpack(TEST_AID, code) == odd


@given(
    st.dictionaries(
        st.sampled_from([s.name for s in slots(AF)]),
        st.text(min_size=1).filter(lambda t: t.strip() == t and t),
    ),
    st.sets(st.integers(0, 40)),
)
def test_any_answers_round_trip(answers: dict[str, str], asked: set[int]) -> None:
    order = [s.name for s in slots(AF)]
    pairs = sorted(answers.items(), key=lambda p: order.index(p[0]))
    pairs += [("ask", str(n)) for n in sorted(asked)]
    assert unpack(AF, pack(AF, pairs)) == pairs
    assert unpack(AF, pack(AF, pairs).upper()) == pairs  # typed in capitals


@pytest.mark.parametrize("aid", [AF, TEST_AID], ids=["af", "test-aid"])
def test_a_character_typed_wrongly_or_two_swapped_are_refused(aid: DecisionAid) -> None:
    code = pack(aid, example_answers(aid))
    for i in range(len(code)):
        for wrong in "0123456789abcdefghijklmnopqrstuvwxyz-_.":
            mistyped = code[:i] + wrong + code[i + 1 :]
            if mistyped != code:
                with pytest.raises(AddressError, match="Check each character"):
                    unpack(aid, mistyped)
    for i in range(len(code) - 1):
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        if swapped != code:
            with pytest.raises(AddressError, match="Check each character"):
                unpack(aid, swapped)


def test_a_code_made_before_the_form_changed_is_refused() -> None:
    code = pack(TEST_AID, ANSWERS)
    statement = ValueStatement(
        id="new-one", statement="Seeing my nurse less often", leans_to=["tablet"]
    )
    changed = TEST_AID.model_copy(update={"values": [statement, *TEST_AID.values]})
    with pytest.raises(AddressError, match="the aid has changed"):
        unpack(changed, code)


@pytest.mark.parametrize("ask", ["x", "²", "-1", "64"])
def test_a_question_ticked_is_its_number_in_the_list(ask: str) -> None:
    with pytest.raises(ValueError, match="0 to 63"):
        pack(TEST_AID, [("ask", ask)])


@pytest.mark.parametrize("code", ["", "2abc", "1", "1zz", "176/abc", "1%20"])
def test_codes_in_no_known_form_are_refused(code: str) -> None:
    with pytest.raises(AddressError):
        unpack(TEST_AID, code)


#: The whole address after the server's name, for the AF example person (every question
#: answered). 64 characters fit on one printed line at 11 pt beside a typical host name, and
#: take about a minute to type; the long form was 470 characters.
LIMIT = 64


def test_the_af_example_persons_address_is_short() -> None:
    url = packed_url("", AF, example_answers(AF))
    assert len(url) <= LIMIT, url
    # The long form: age "76-", 12 more inputs (2 unknown lab values and eGFR typed "-"),
    # 6 ratings, 4 SURE answers, 1 option and the questions: well under half of the limit.
    assert url.startswith("/aids/af-anticoagulation?a=176-")


@pytest.mark.parametrize("slug", sorted(AIDS))
def test_every_aids_example_address_opens_the_same_answers(slug: str) -> None:
    aid = AIDS[slug]
    answers = example_answers(aid)
    url = packed_url("", aid, answers)
    assert len(url) <= LIMIT, url
    packed = aid_view(aid, [(PARAM, url.split(f"{PARAM}=")[1])])
    written = aid_view(aid, answers)  # the old, long address still opens
    assert packed.errors == written.errors == {}
    assert packed.answers == written.answers


def test_a_code_claiming_too_many_questions_is_refused() -> None:
    # Every answer given, then 2 ** 64 written in base 36 ("3w5e11264sgsg"), then a good check.
    body = pack(TEST_AID, ANSWERS)[:-2][:-1] + "3w5e11264sgsg"
    code = body + address._check(slots(TEST_AID), body)
    with pytest.raises(AddressError, match="more questions than a page lists"):
        unpack(TEST_AID, code)


def test_an_unreadable_code_is_a_message_not_a_crash() -> None:
    view = aid_view(AF, [(PARAM, "1garbled"), ("age", "76")])
    # like any answer the form could not have sent: left out with a notice, the rest still used
    assert any("typed wrongly" in message for message in view.left_out)
    assert view.answers.inputs == {"age": "76"}
    assert view.status_code == 200


def test_the_af_person_opens_with_their_figures() -> None:
    pairs = list(AF_PERSON.items())
    view = aid_view(AF, [(PARAM, pack(AF, pairs))])
    assert view.answers.inputs == AF_PERSON
    assert view.summary.personalised.assessments.keys() == {"cha2ds2vasc", "orbit"}
