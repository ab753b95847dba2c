"""The clinician's brief and self-check: figures worked out from the aid, checked, and scored."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from support.data import PRIORITY_AREA_AIDS, REPO

from decision_aids import lint
from decision_aids.content import load_aid, load_library
from decision_aids.draft import review_status
from decision_aids.learning import (
    ModuleError,
    Question,
    brief_html,
    clinician_brief,
    load_module,
    module_path,
    score,
    self_check,
)

AF = REPO / "content" / "af-anticoagulation.md"
#: The AF aid's DOAC effect on stroke as the file gives it, and a changed one for the tests.
DOAC_STROKE = "value: 0.3312\n          interval: {low: 0.233, high: 0.471}"
DOAC_STROKE_CHANGED = "value: 0.85\n          interval: {low: 0.7, high: 0.95}"


def _copy(tmp_path: Path, old: str, new: str, source: Path = AF):
    """A temporary copy of a content file with one piece of text changed, loaded."""
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    copy = tmp_path / source.name
    copy.write_text(text.replace(old, new), encoding="utf-8")
    return load_aid(copy)


def _af():
    aid, problems = load_aid(AF)
    assert aid is not None, [str(p) for p in problems]
    return aid


def _person(view, start: str):
    return next(p for p in view.people if p.description.startswith(start))


def _stroke(person):
    return dict(person.outcomes[0].figures)


def test_the_af_brief_works_out_each_persons_stroke_figures_from_the_aid() -> None:
    view = clinician_brief(_af())
    woman_76 = _person(view, "A woman of 76")
    assert "CHA2DS2-VASc score 4" in woman_76.details  # age 75+ 2, female 1, hypertension 1
    stroke = _stroke(woman_76)
    # Friberg 2012, score 4: 4.8 strokes per 100 years -> 1 - exp(-0.048) = 0.0469 -> 5 in 100
    assert 1 - math.exp(-0.048) == pytest.approx(0.0469, abs=1e-4)
    assert stroke["No blood thinner"] == "5 in 100"
    # DOAC: relative risk 0.3312 on 0.0469 = 0.0155 -> 2 in 100
    assert stroke["A DOAC (apixaban, edoxaban, rivaroxaban or dabigatran)"].startswith("2 in 100")
    woman_60 = _person(view, "A woman of 60")
    assert "CHA2DS2-VASc score 1" in woman_60.details  # her sex alone
    # score 1: 0.6 per 100 years -> 1 - exp(-0.006) = 0.0060 -> 1 in 100
    assert _stroke(woman_60)["No blood thinner"] == "1 in 100"


def test_the_af_self_check_answers_come_from_the_aids_figures() -> None:
    questions = self_check(_af())
    assert len(questions) >= 5
    baseline, benefit_76, benefit_60 = questions[0], questions[1], questions[2]
    assert baseline.numeric
    assert baseline.answer == 5  # 5 in 100 without, worked above
    assert benefit_76.answer == 3  # 5 in 100 without, 2 in 100 on a DOAC
    assert "3 fewer in 100" in benefit_76.why
    assert benefit_60.answer == 1  # 1 in 100 without, 0 in 100 (0.0020) on a DOAC


def test_changing_a_figure_in_the_aid_changes_the_brief_and_the_correct_answer(
    tmp_path: Path,
) -> None:
    changed, problems = _copy(tmp_path, DOAC_STROKE, DOAC_STROKE_CHANGED)
    assert changed is not None, [str(p) for p in problems]
    view = clinician_brief(changed)
    # relative risk 0.85 on 0.0469 = 0.0398 -> 4 in 100 (it was 2)
    doac = _stroke(_person(view, "A woman of 76"))[
        "A DOAC (apixaban, edoxaban, rivaroxaban or dabigatran)"
    ]
    assert doac.startswith("4 in 100")
    assert self_check(changed)[1].answer == 1  # 5 in 100 without, 4 with (it was 3)


def test_a_question_about_a_person_the_brief_does_not_define_is_an_error(
    tmp_path: Path,
) -> None:
    aid, problems = _copy(tmp_path, "      person: woman-60\n", "      person: woman-61\n")
    assert aid is None
    assert any(
        p.field == "brief.self_check.2.person" and "'woman-61' is not in `people`" in p.message
        for p in problems
    ), [str(p) for p in problems]


def test_an_example_persons_input_out_of_range_is_an_error_on_its_line(tmp_path: Path) -> None:
    aid, problems = _copy(tmp_path, "        age: 82\n", "        age: 182\n")
    assert aid is None
    [problem] = [p for p in problems if p.field.startswith("brief.people.2.inputs")]
    assert problem.line is not None
    assert "182" in problem.message


def test_a_choice_question_needs_exactly_one_correct_choice(tmp_path: Path) -> None:
    aid, problems = _copy(
        tmp_path,
        "        - text: Her age.\n",
        "        - text: Her age.\n          correct: true\n",
    )
    assert aid is None
    assert any("exactly one choice" in p.message for p in problems)


def test_a_figure_question_without_a_figure_to_ask_is_an_error(tmp_path: Path) -> None:
    text = AF.read_text(encoding="utf-8")
    start = text.index("inputs:\n        age: 82\n")
    end = text.index("  key_outcomes:")
    copy = tmp_path / AF.name
    copy.write_text(text[:start] + "inputs: {}\n" + text[end:], encoding="utf-8")  # none
    aid, problems = load_aid(copy)
    assert aid is None
    assert [(p.field, p.message) for p in problems] == [
        ("brief.self_check.3", "'man-82' has no figure for doac on major-bleeding"),
        ("brief.self_check.3", "'man-82' has no figure for no-anticoagulant on major-bleeding"),
    ]


def test_a_count_question_compared_with_another_option_is_refused(tmp_path: Path) -> None:
    aid, problems = _copy(
        tmp_path,
        "    - ask: count\n      person: woman-76\n",
        "    - ask: count\n      compared_with: doac\n      person: woman-76\n",
    )
    assert aid is None
    assert any("`difference` question names the option" in p.message for p in problems)


def _questions() -> list[Question]:
    return [
        Question("How many?", (), 3, "Because.", "a source"),
        Question("Which?", ("a", "b", "c"), 1, "Because b.", "a source"),
        Question("How many now?", (), 0, "None.", "a source"),
        Question("Which now?", ("x", "y"), 0, "Because x.", "a source"),
        Question("And?", (), 12, "Twelve.", "a source"),
    ]


def test_scoring_counts_right_answers_and_says_why() -> None:
    result = score(_questions(), [3, 2, 0, None, 12])
    assert (result.right, result.total) == (3, 5)
    assert not result.passed  # 3 of 5 is below 4 of 5 (0.8)
    assert result.summary == "3 of 5 right: to pass, get 4 right."
    wrong, unanswered = result.marked[1], result.marked[3]
    assert wrong.feedback == "Not quite: the answer is b. Because b."
    assert unanswered.feedback == "Not answered. The answer is x. Because x."
    assert result.marked[0].feedback == "Correct. Because."


def test_four_of_five_passes_and_a_zero_is_an_answer() -> None:
    result = score(_questions(), [3, 1, 0, 1, 12])
    assert (result.right, result.passed) == (4, True)
    assert result.marked[2].correct  # 0 given, 0 correct: answered, not blank
    assert score(_questions(), [None] * 5).right == 0


def test_scoring_refuses_answers_that_do_not_match_the_questions() -> None:
    with pytest.raises(ValueError, match="5 questions and 4 answers"):
        score(_questions(), [1, 2, 3, 4])


def test_an_aid_without_a_brief_has_no_brief_and_a_warning(template_aid) -> None:
    assert clinician_brief(template_aid) is None
    assert self_check(template_aid) == ()
    [finding] = lint.run_check("brief-missing", template_aid)
    assert finding.message == "there is no clinician's brief"


def test_a_thin_brief_is_a_warning(tmp_path: Path) -> None:
    text = AF.read_text(encoding="utf-8")
    start = text.index("  self_check:\n")
    end = text.index("  sources:\n    - id: lip2010")
    copy = tmp_path / AF.name
    copy.write_text(text[:start] + text[end:], encoding="utf-8")
    aid, problems = load_aid(copy)
    assert aid is not None, [str(p) for p in problems]
    messages = [f.message for f in lint.run_check("brief-missing", aid)]
    assert messages == ["the self-check has 0 questions, fewer than 5"]


LIBRARY = load_library()
#: Every bundled aid with a brief: each is tested the day its brief lands, with no special case.
BRIEFED = sorted(slug for slug, aid in LIBRARY.aids.items() if aid.brief is not None)


def test_the_ten_original_aids_have_briefs() -> None:
    assert set(BRIEFED) >= PRIORITY_AREA_AIDS


@pytest.mark.parametrize("slug", BRIEFED)
def test_the_brief_gives_each_person_every_options_figure_on_each_key_outcome(slug: str) -> None:
    aid = LIBRARY.aids[slug]
    view = clinician_brief(aid)
    assert view is not None
    assert view.review == review_status(aid.review)  # every brief of a draft says so
    assert len(view.people) == len(aid.brief.people)
    for person in view.people:
        assert len(person.outcomes) == len(aid.brief.key_outcomes)
        for outcome in person.outcomes:
            assert [name for name, _ in outcome.figures] == [o.name for o in aid.options]
            assert all(
                " in " in words or words.startswith("not known") for _, words in outcome.figures
            )
    assert view.sources  # the key numbers' citations


@pytest.mark.parametrize("slug", BRIEFED)
def test_the_self_check_has_five_questions_each_marked_right_and_wrong(slug: str) -> None:
    questions = self_check(LIBRARY.aids[slug])
    assert len(questions) >= lint.MIN_SELF_CHECK
    assert any(q.numeric for q in questions)  # at least one worked out from the aid
    right = score(questions, [q.answer for q in questions])
    assert (right.right, right.passed) == (len(questions), True)
    wrong = score(
        questions,
        [q.answer + 1 if q.numeric else (q.answer + 1) % len(q.choices) for q in questions],
    )
    assert wrong.right == 0
    for question in questions:
        assert question.why
        assert question.source
        assert question.numeric or 0 <= question.answer < len(question.choices)


@pytest.mark.parametrize("slug", BRIEFED)
def test_an_aid_with_a_brief_has_no_brief_warning(slug: str) -> None:
    assert lint.run_check("brief-missing", LIBRARY.aids[slug]) == []


def _module():
    return load_module(LIBRARY.aids)


def test_the_general_module_works_its_examples_out_from_the_aids() -> None:
    module = _module()
    assert module.minutes == 15
    titles = [s.title for s in module.sections]
    for topic in (
        "The three-talk model",
        "Ask 3 Questions and BRAN",
        "Teach-back",
        "The SURE test",
    ):
        assert topic in titles
    absolute = next(s for s in module.sections if s.title == "Absolute, not relative")
    low, high = absolute.examples
    # QRISK3 5%: hazard ratio 0.615 -> 1 - 0.95 ** 0.615 = 0.0311 -> 3 in 100 (5 without)
    assert pytest.approx(0.0311, abs=1e-4) == 1 - 0.95**0.615
    assert "a difference of 2 in 100" in low.lines[1]
    # QRISK3 20%: 1 - 0.80 ** 0.615 = 0.1282 -> 13 in 100 (20 without): 7 in 100
    assert "a difference of 7 in 100" in high.lines[1]
    # relative: 0.0311 / 0.05 = 0.62, 38% lower; 0.1282 / 0.20 = 0.64, 36% lower
    assert "38% lower" in low.lines[0]
    assert "36% lower" in high.lines[0]


def test_the_general_module_has_a_self_check_with_sources() -> None:
    module = _module()
    assert len(module.questions) >= lint.MIN_SELF_CHECK
    assert module.questions[0].answer == 5  # the AF woman of 76 without a blood thinner
    assert module.questions[1].answer == 7  # QRISK3 20%: 20 without, 13 with a statin
    assert all(q.source for q in module.questions)
    assert score(module.questions, [q.answer for q in module.questions]).passed


def test_changing_an_aids_figure_changes_the_modules_example(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    statins = content / "statins-primary-prevention.md"
    text = statins.read_text(encoding="utf-8")
    old = "value: 0.615\n"
    assert text.count(old) == 1
    statins.write_text(text.replace(old, "value: 0.62\n"), encoding="utf-8")
    module = load_module(load_library([content]).aids, content / "learning" / "general-module.md")
    # QRISK3 20%: 1 - 0.80 ** 0.62 = 0.1292 -> 13 in 100: still 7; the relative change moves
    high = next(s for s in module.sections if s.title == "Absolute, not relative").examples[1]
    assert pytest.approx(0.1292, abs=1e-4) == 1 - 0.8**0.62
    assert "35% lower" in high.lines[0]  # 0.1292 / 0.20 = 0.646


def test_a_module_naming_an_outcome_its_aid_lacks_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "general-module.md"
    text = module_path().read_text(encoding="utf-8")
    path.write_text(text.replace("outcome: brain-bleed", "outcome: brain-bleeds"), encoding="utf-8")
    with pytest.raises(ModuleError, match="af-anticoagulation has no outcome 'brain-bleeds'"):
        load_module(LIBRARY.aids, path)


def test_the_printed_brief_holds_the_worked_figures_and_no_script() -> None:
    html = brief_html(clinician_brief(_af()))
    assert "Clinician's brief: Atrial fibrillation" in html
    assert "This decision aid is a draft" in html
    assert "<td>5 in 100</td>" in html  # the woman of 76 without a blood thinner, worked above
    assert "CHA2DS2-VASc score 1" in html
    assert "<script" not in html
