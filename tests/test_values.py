"""What matters to a person (option_fit) and how sure they feel (the SURE test)."""

from __future__ import annotations

import pytest

from decision_aids.values import (
    MAX_IMPORTANCE,
    SURE_ITEMS,
    AnswerError,
    option_fit,
    sure_test,
)

# The template aid's statements: `avoid-treatment` leans to no-treatment, `lower-chance` to treatment.
AVOID = "Not having treatment unless I need it"
LOWER = "Lowering my chance of the problem"


def _order(result) -> list[tuple[str, int]]:
    return [(fit.option.id, fit.score) for fit in result.fits]


def test_options_ordered_by_what_matters(template_aid):
    result = option_fit(template_aid, {"avoid-treatment": 4, "lower-chance": 1})

    assert _order(result) == [("no-treatment", 4), ("treatment", 1)]
    assert [o.id for o in result.leaning] == ["no-treatment"]
    assert result.summary == "What you said leans towards: No treatment for now."
    assert result.fits[0].reasons == (f"You said “{AVOID}” matters most of all.",)
    assert result.fits[1].reasons == (f"You said “{LOWER}” matters a little.",)


def test_the_other_way_round(template_aid):
    result = option_fit(template_aid, {"avoid-treatment": "1", "lower-chance": "3"})

    assert _order(result) == [("treatment", 3), ("no-treatment", 1)]
    assert result.summary == "What you said leans towards: The treatment."
    assert result.fits[0].reasons == (f"You said “{LOWER}” matters a lot.",)


def test_equal_ratings_lean_nowhere_and_keep_the_aid_order(template_aid):
    result = option_fit(template_aid, {"avoid-treatment": 2, "lower-chance": 2})

    assert _order(result) == [("no-treatment", 2), ("treatment", 2)]
    assert result.leaning == ()
    assert result.summary == (
        "What you said does not lean towards one option more than the others."
    )


def test_nothing_said_yet(template_aid):
    for answers in ({}, {"avoid-treatment": "", "lower-chance": "  "}):
        result = option_fit(template_aid, answers)
        assert _order(result) == [("no-treatment", 0), ("treatment", 0)]
        assert result.leaning == ()
        assert result.summary == "You have not said yet what matters to you."


def test_zero_rating_gives_no_reason(template_aid):
    result = option_fit(template_aid, {"avoid-treatment": 0, "lower-chance": 2})
    assert _order(result) == [("treatment", 2), ("no-treatment", 0)]
    assert result.fits[1].reasons == ()
    assert result.summary == "What you said leans towards: The treatment."


def test_statement_leaning_to_several_options_counts_for_each(template_aid):
    values = [
        template_aid.values[0].model_copy(update={"leans_to": ["no-treatment", "treatment"]}),
        template_aid.values[1],
    ]
    aid = template_aid.model_copy(update={"values": values})
    result = option_fit(aid, {"avoid-treatment": 2, "lower-chance": 1})
    assert _order(result) == [("treatment", 3), ("no-treatment", 2)]


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (5, "5 is outside 0 to 4"),
        (-1, "-1 is outside 0 to 4"),
        ("lots", "choose how much this matters (0 to 4), not 'lots'"),
        ("2.5", "not '2.5'"),
    ],
)
def test_bad_rating_names_the_field(template_aid, value, words):
    with pytest.raises(AnswerError) as info:
        option_fit(template_aid, {"avoid-treatment": 1, "lower-chance": value})
    assert set(info.value.problems) == {"lower-chance"}
    assert words in info.value.problems["lower-chance"]
    assert "lower-chance" in str(info.value)


def test_unknown_statement_and_bad_rating_are_all_reported(template_aid):
    with pytest.raises(AnswerError) as info:
        option_fit(template_aid, {"no-such-statement": 2, "avoid-treatment": 9})
    assert info.value.problems == {
        "no-such-statement": "'no-such-statement' is not a statement of this aid",
        "avoid-treatment": f"9 is outside 0 to {MAX_IMPORTANCE}",
    }


def test_answer_error_is_a_value_error():
    assert issubclass(AnswerError, ValueError)


# --------------------------------------------------------------------------------------------
# SURE test

KEYS = [key for key, _, _ in SURE_ITEMS]
ALL_YES = dict.fromkeys(KEYS, "yes")


def test_sure_items_are_the_four_published():
    assert KEYS == ["sure", "understand", "risk_benefit", "encouragement"]


def test_all_yes_scores_four_without_conflict():
    result = sure_test(ALL_YES)
    assert result.score == 4
    assert result.conflict is False
    assert result.unsure_about == ()
    assert "ready to decide" in result.summary


@pytest.mark.parametrize("yes", ["Yes", " y ", "TRUE", "1", True, 1, "on"])
def test_yes_can_be_written_many_ways(yes):
    assert sure_test(dict.fromkeys(KEYS, yes)).score == 4


@pytest.mark.parametrize("key", KEYS)
def test_any_no_flags_conflict_and_lists_the_item(key):
    result = sure_test({**ALL_YES, key: "no"})
    question = next(q for k, _, q in SURE_ITEMS if k == key)
    assert result.score == 3
    assert result.conflict is True
    assert result.unsure_about == (question,)
    assert "may not feel ready" in result.summary


def test_all_no_scores_zero_and_lists_every_item():
    result = sure_test(dict.fromkeys(KEYS, False))
    assert result.score == 0
    assert result.conflict is True
    assert result.unsure_about == tuple(q for _, _, q in SURE_ITEMS)


def test_missing_answer_is_refused():
    answers = {k: v for k, v in ALL_YES.items() if k != "encouragement"}
    with pytest.raises(AnswerError) as info:
        sure_test(answers)
    assert info.value.problems == {"encouragement": "answer yes or no"}


def test_blank_and_bad_answers_are_refused_together():
    with pytest.raises(AnswerError) as info:
        sure_test({**ALL_YES, "sure": " ", "understand": "maybe", "extra": "yes"})
    assert info.value.problems == {
        "sure": "answer yes or no",
        "understand": "answer yes or no, not 'maybe'",
        "extra": "not a question of the SURE test",
    }


def test_reasons_come_most_important_first(template_aid):
    # Both statements lean to no treatment: the one rated 4 is given before the one rated 1.
    result = option_fit(template_aid, {"avoid-side-effects": 1, "avoid-treatment": 4})
    assert result.fits[0].option.id == "no-treatment"
    assert result.fits[0].score == 5  # 4 + 1
    assert result.fits[0].reasons == (
        f"You said “{AVOID}” matters most of all.",
        "You said “Avoiding side effects” matters a little.",
    )


def test_a_blank_rating_is_skipped_and_the_rest_still_count(template_aid):
    result = option_fit(template_aid, {"avoid-treatment": "", "lower-chance": "3"})
    assert _order(result)[0] == ("treatment", 3)


def test_every_bad_rating_is_reported_and_the_message_joins_them(template_aid):
    with pytest.raises(AnswerError) as caught:
        option_fit(template_aid, {"avoid-treatment": "lots", "lower-chance": "9", "nope": "1"})
    assert caught.value.problems == {
        "avoid-treatment": "choose how much this matters (0 to 4), not 'lots'",
        "lower-chance": "9 is outside 0 to 4",
        "nope": "'nope' is not a statement of this aid",
    }
    assert str(caught.value) == (
        "avoid-treatment: choose how much this matters (0 to 4), not 'lots'; "
        "lower-chance: 9 is outside 0 to 4; nope: 'nope' is not a statement of this aid"
    )


def test_sure_summaries_are_worded_exactly():
    yes = dict.fromkeys(("sure", "understand", "risk_benefit", "encouragement"), "yes")
    assert sure_test(yes).summary == (
        "You answered yes to all four questions: you may feel ready to decide."
    )
    assert sure_test({**yes, "sure": "no"}).summary == (
        "You may not feel ready to decide yet. It can help to talk through the questions you "
        "answered 'no' to."
    )


def test_a_single_rating_of_one_still_leans(template_aid):
    # "Matters a little" (1) for one statement is a lean, however small.
    result = option_fit(template_aid, {"lower-chance": 1})
    assert [o.id for o in result.leaning] == ["treatment"]
    assert result.summary == "What you said leans towards: The treatment."
