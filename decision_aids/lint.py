"""Quality checks on a loaded decision aid, derived from IPDAS and NICE, plus a reading-age check.

The model and the loader already guarantee that an aid is *well formed* (every option has a figure
for every outcome, every figure names a source and a certainty, the question ends with '?', ...).
Linting asks whether it is *good*: whether each option shows both benefits and harms, whether the
wording is neutral, whether the review is overdue, whether a patient can read it.

Each check has a stable, descriptive id in kebab case (``benefit-not-shown``). The ids are this
project's own: most checks derive from a criterion of the International Patient Decision Aid
Standards (IPDASi v4, Joseph-Williams et al., Med Decis Making 2014;34:699-710), one from the NICE
standards framework for shared decision making tools (ECD8), one is a rule for content files. Each
check says what it derives from (:attr:`Check.derives_from`); ``docs/authoring.md`` lists them. The
ids used to look like IPDAS item numbers (``IPDAS-Q4``); :data:`RENAMED` maps each old id to its new
one, so that an old id is an error that names its replacement.

Use :func:`lint` to run every check, and :func:`to_problems` to report the findings like the
loader's problems (file, line, field, message, hint). Every check is listed in :data:`CHECKS`, and
every one is explained for authors in ``docs/authoring.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Literal

import pyphen
import textstat
from markdown_it import MarkdownIt

from decision_aids import risk
from decision_aids.content import Problem
from decision_aids.model import (
    PASSIVE_KINDS,
    DecisionAid,
    FieldPath,
    FromBaseline,
    NotKnown,
    OptionKind,
    Outcome,
    WithEffect,
)
from decision_aids.outcomes import applied_ratio, personalise
from decision_aids.texts import ASK_3_QUESTIONS, QUESTIONS_SECTION

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Check:
    """One quality check: its id, how serious a finding is, and what an author should do."""

    id: str
    severity: Severity
    summary: str  # one line: what the check looks for
    explanation: str  # one or two lines for authors: why it matters and how to fix it
    derives_from: str  # the standard's criterion the check derives from, as docs/authoring.md says


@dataclass(frozen=True)
class Finding:
    """One place where an aid fails a check; `field` is where the fix goes."""

    check: str
    field: FieldPath
    message: str

    @property
    def severity(self) -> Severity:
        return check_named(self.check).severity


#: Every check, by id, in the order they run.
CHECKS: dict[str, Check] = {}

#: What a check function yields: where the fix goes, and what is wrong there.
Hit = tuple[FieldPath, str]
CheckFunction = Callable[[DecisionAid, dt.date], Iterable[Hit]]
_FUNCTIONS: dict[str, CheckFunction] = {}


#: The ids the checks had when they looked like IPDAS item numbers, and the id each has now.
RENAMED: dict[str, str] = {
    "IPDAS-Q3": "option-undescribed",
    "IPDAS-Q4": "benefit-not-shown",
    "IPDAS-Q5": "harm-not-shown",
    "IPDAS-Q6": "no-practicalities",
    "IPDAS-C1": "unequal-detail",
    "IPDAS-C3": "date-in-future",
    "IPDAS-C4": "review-overdue",
    "IPDAS-C5": "interval-missing",
    "IPDAS-D4": "changed-since-review",
    "IPDAS-I1": "do-nothing-not-shown",
    "IPDAS-P1": "outcome-without-figures",
    "IPDAS-P3": "unsuited-denominator",
    "IPDAS-P7": "relative-risk-phrase",
    "IPDAS-V1": "values-unbalanced",
    "IPDAS-G2": "ask-3-questions-missing",
    "IPDAS-L1": "reading-age-high",
    "NICE-neutral": "judging-word",
    "AID-template": "template-text",
}


def check(
    check_id: str, severity: Severity, summary: str, explanation: str, *, derives_from: str
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function `(aid, today) -> Iterable[(field path, message)]` under an id."""

    def register(function: CheckFunction) -> CheckFunction:
        if check_id in CHECKS:
            raise ValueError(f"the check id {check_id!r} is registered twice")
        CHECKS[check_id] = Check(check_id, severity, summary, explanation, derives_from)
        _FUNCTIONS[check_id] = function
        return function

    return register


def check_named(check_id: str) -> Check:
    """The check with this id; an old id is an error that names the id that replaced it."""
    if check_id in CHECKS:
        return CHECKS[check_id]
    if check_id in RENAMED:
        raise LookupError(
            f"the check {check_id!r} is now called {RENAMED[check_id]!r} (check ids no longer "
            f"look like IPDAS item numbers): use {RENAMED[check_id]!r}"
        )
    raise LookupError(f"there is no check {check_id!r}; the checks are: {', '.join(CHECKS)}")


def run_check(check_id: str, aid: DecisionAid, today: dt.date | None = None) -> list[Finding]:
    """The findings of one check."""
    today = today or dt.date.today()
    function = _FUNCTIONS[check_named(check_id).id]
    return [Finding(check_id, path, message) for path, message in function(aid, today)]


def lint(aid: DecisionAid, today: dt.date | None = None) -> list[Finding]:
    """Every finding of every check on `aid`, in the order of :data:`CHECKS`.

    `today` decides whether a review is overdue; it defaults to the real date.
    """
    today = today or dt.date.today()
    return [finding for check_id in CHECKS for finding in run_check(check_id, aid, today)]


def field_text(path: FieldPath) -> str:
    """A field path as authors read it: ``outcomes.0.options.doac``, or ``## Section`` in the body."""
    if path and path[0] == "body":
        return f"## {path[1]}" if len(path) > 1 else "(body)"
    return ".".join(str(part) for part in path) or "(top)"


def to_problems(
    findings: Iterable[Finding], file: str, line_of: Callable[[FieldPath], int | None]
) -> list[Problem]:
    """Findings as the loader's :class:`Problem`s; `line_of` gives the line of a field path."""
    return [
        Problem(
            file,
            line_of(finding.field),
            field_text(finding.field),
            finding.message,
            check_named(finding.check).explanation,
            finding.severity,
            finding.check,
        )
        for finding in findings
    ]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _quote(text: str, limit: int = 60) -> str:
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


def _option_index(aid: DecisionAid) -> dict[str, int]:
    return {option.id: i for i, option in enumerate(aid.options)}


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark")


def _blocks(markdown: str) -> list[str]:
    """The plain text of each paragraph, list item or heading of some Markdown."""
    blocks = []
    for token in _markdown().parse(markdown):
        if token.type != "inline":
            continue
        parts = []
        for child in token.children or []:
            if child.type in {"text", "code_inline"}:
                parts.append(child.content)
            elif child.type in {"softbreak", "hardbreak"}:
                parts.append(" ")
        text = " ".join("".join(parts).split())
        if text:
            blocks.append(text)
    return blocks


def _patient_texts(aid: DecisionAid) -> Iterator[tuple[FieldPath, str]]:
    """Every piece of text a patient reads, with its field path."""
    for name in ("question", "condition", "for_whom", "not_for"):
        yield (name,), getattr(aid, name)
    for i, option in enumerate(aid.options):
        for name in ("name", "description", "what_it_involves"):
            yield ("options", i, name), getattr(option, name)
    for i, outcome in enumerate(aid.outcomes):
        yield ("outcomes", i, "label"), outcome.label
        if outcome.explanation:
            yield ("outcomes", i, "explanation"), outcome.explanation
        for key, figure in outcome.options.items():
            if isinstance(figure, NotKnown):
                yield ("outcomes", i, "options", key, "not_known"), figure.not_known
    for i, practicality in enumerate(aid.practicalities):
        yield ("practicalities", i, "question"), practicality.question
        for key, answer in practicality.answers.items():
            yield ("practicalities", i, "answers", key), answer
    for i, value in enumerate(aid.values):
        yield ("values", i, "statement"), value.statement
    for title, markdown in aid.body.items():
        yield ("body", title), "\n".join(_blocks(markdown))


def _all_strings(value: object, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every string in a dumped model, with its path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _all_strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _all_strings(item, (*path, i))


# How each option stands on an outcome, for comparing options without anyone's inputs:
# ("p", count out of the denominator) when the figure is known as it stands; ("ratio", r) when it is the baseline
# times a relative effect r and the baseline needs a calculator's inputs; None when not known.
Standing = tuple[Literal["p", "ratio"], float] | None


def _standings(aid: DecisionAid) -> list[dict[str, Standing]]:
    """Per outcome, each option's standing (see :data:`Standing`)."""
    result = []
    for outcome, figures in zip(aid.outcomes, personalise(aid).outcomes, strict=True):
        standing: dict[str, Standing] = {}
        for figure in figures.figures:
            spec = outcome.options[figure.option.id]
            if isinstance(spec, NotKnown):
                standing[figure.option.id] = None
            elif figure.count is not None:
                # as a person sees it: a difference too small to change the count out of the
                # outcome's denominator is no benefit and no harm
                standing[figure.option.id] = ("p", float(figure.count))
            elif isinstance(spec, FromBaseline):
                standing[figure.option.id] = ("ratio", 1.0)
            else:
                assert isinstance(spec, WithEffect)
                standing[figure.option.id] = ("ratio", applied_ratio(spec.effect)[0])
        result.append(standing)
    return result


def _compare(outcome: Outcome, mine: Standing, theirs: Standing) -> int | None:
    """+1 if `mine` is better for the patient than `theirs`, -1 if worse, 0 if the same.

    None when the two cannot be compared without a person's inputs (one is a fixed probability,
    the other a relative effect on a calculator's baseline). Every effect measure raises the
    probability as the ratio rises, so ratios on the same baseline compare directly.
    """
    if mine is None or theirs is None or mine[0] != theirs[0]:
        return None
    if abs(mine[1] - theirs[1]) < 1e-12:
        return 0  # a ratio turned round can miss its twin by a rounding error
    return int(risk.benefit_sign(outcome.event_is, theirs[1], mine[1]))


def _comparators(aid: DecisionAid, option_id: str) -> list[str]:
    """What an active option is weighed against: doing nothing (or waiting, or stopping); where
    the aid has none of those, every other option."""
    passive = [o.id for o in aid.options if o.kind in PASSIVE_KINDS]
    return passive or [o.id for o in aid.options if o.id != option_id]


def _directions(
    aid: DecisionAid, standings: list[dict[str, Standing]], option_id: str
) -> set[int | None]:
    """Every way `option_id` compares with its comparators across the outcomes with figures."""
    found: set[int | None] = set()
    for outcome, standing in zip(aid.outcomes, standings, strict=True):
        for other in _comparators(aid, option_id):
            if standing[option_id] is None or standing[other] is None:
                continue  # 'not known' is neither a benefit nor a harm (see unequal-detail)
            found.add(_compare(outcome, standing[option_id], standing[other]))
    return found


def _names(aid: DecisionAid, ids: Iterable[str]) -> str:
    return " or ".join(_quote(aid.option(i).name) for i in ids)


# --------------------------------------------------------------------------------------------
# Options: benefits, harms and what they are like (IPDAS qualifying criteria)
# --------------------------------------------------------------------------------------------


@check(
    "option-undescribed",
    "warning",
    "each option is described in words of its own",
    "Say what each option is in a sentence or two; do not repeat its name or copy another "
    "option's description.",
    derives_from="IPDAS qualifying criterion Q3: describes the options available",
)
def _options_described(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    seen: dict[str, str] = {}
    for i, option in enumerate(aid.options):
        text = " ".join(option.description.casefold().split()).rstrip(".")
        if text == " ".join(option.name.casefold().split()).rstrip("."):
            yield ("options", i, "description"), "the description only repeats the option's name"
        elif text in seen:
            yield (
                ("options", i, "description"),
                f"the description is the same as that of {_quote(seen[text])}",
            )
        seen.setdefault(text, option.name)


@check(
    "benefit-not-shown",
    "warning",
    "every active option does better than doing nothing on at least one outcome",
    "An aid must show each option's benefits. Add the outcome the option improves, with figures "
    "for every option; if no source shows a benefit, say so plainly in the body.",
    derives_from=(
        "IPDAS qualifying criterion Q4: describes the positive features (benefits) of each option"
    ),
)
def _benefits(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    standings = _standings(aid)
    for option in aid.options:
        if option.kind != OptionKind.ACTIVE:
            continue
        directions = _directions(aid, standings, option.id)
        if 1 not in directions and None not in directions:
            others = _names(aid, _comparators(aid, option.id))
            unknown = [o.label for o in aid.outcomes if isinstance(o.options[option.id], NotKnown)]
            yield (
                ("options", _option_index(aid)[option.id]),
                f"{_quote(option.name)} does better than {others} on no outcome: "
                "the aid shows no benefit of it"
                + (f" (it has no figure for {', '.join(map(_quote, unknown))})" if unknown else ""),
            )


@check(
    "harm-not-shown",
    "warning",
    "every active option shows a harm or a burden",
    "Show each option's downsides: an outcome where it does worse than doing nothing (a side "
    "effect, a complication), or a practicality where its answer differs (tablets, visits).",
    derives_from=(
        "IPDAS qualifying criterion Q5: describes the negative features (harms, side effects) "
        "of each option"
    ),
)
def _harms(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    def norm(text: str) -> str:
        return " ".join(text.casefold().split())

    standings = _standings(aid)
    for option in aid.options:
        if option.kind != OptionKind.ACTIVE:
            continue
        directions = _directions(aid, standings, option.id)
        others = _comparators(aid, option.id)
        burden = any(
            norm(p.answers[option.id]) != norm(p.answers[other])
            for p in aid.practicalities
            for other in others
        )
        if -1 not in directions and None not in directions and not burden:
            yield (
                ("options", _option_index(aid)[option.id]),
                f"{_quote(option.name)} does worse than {_names(aid, others)} on no outcome, "
                "and no practicality tells them apart: the aid shows no downside of it",
            )


@check(
    "no-practicalities",
    "warning",
    "the aid says what each option is like day to day (practicalities)",
    "Add Option-Grid-style `practicalities` (how long to recover, how many appointments, tablets "
    "every day, can I drive) answered for every option.",
    derives_from=(
        "IPDAS qualifying criterion Q6: helps people imagine what it is like to live with the "
        "consequences of each option"
    ),
)
def _practicalities(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    if not aid.practicalities:
        yield ("practicalities",), "there are no practicalities"


# --------------------------------------------------------------------------------------------
# Balance, evidence and review (IPDAS certification criteria)
# --------------------------------------------------------------------------------------------


@check(
    "unequal-detail",
    "warning",
    "an outcome has figures for some options but not for others",
    "Options should be shown in equal detail. Look again for the missing figure; if no source "
    "gives it, keep `not_known` (the reason is shown) and expect this warning.",
    derives_from=(
        "IPDAS certification criterion C1: shows positive and negative features with equal detail"
    ),
)
def _unequal_detail(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    for i, outcome in enumerate(aid.outcomes):
        unknown = [k for k, f in outcome.options.items() if isinstance(f, NotKnown)]
        if unknown and len(unknown) < len(outcome.options):
            for key in unknown:
                yield (
                    ("outcomes", i, "options", key),
                    f"no figure for {_quote(aid.option(key).name)} on "
                    f"{_quote(outcome.label)}, while other options have one",
                )


@check(
    "date-in-future",
    "error",
    "a date is in the future",
    "`last_updated` and each reviewer's `date` are days that have happened; correct the date "
    "(YYYY-MM-DD).",
    derives_from="IPDAS certification criterion C3: gives the production or publication date",
)
def _future_dates(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    if aid.review.last_updated > today:
        yield (
            ("review", "last_updated"),
            f"last updated {aid.review.last_updated}, which is after today ({today})",
        )
    for j, reviewer in enumerate(aid.review.reviewers):
        if reviewer.date > today:
            yield (
                ("review", "reviewers", j, "date"),
                f"{reviewer.name} reviewed on {reviewer.date}, which is after today ({today})",
            )


@check(
    "review-overdue",
    "warning",
    "the review is overdue",
    "Check the sources for new evidence, update the figures, then set `last_updated` to today "
    "and `next_review` to the next date (usually a year on).",
    derives_from="IPDAS certification criterion C4: gives an update policy",
)
def _review_overdue(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    if aid.review.next_review < today:
        yield (
            ("review", "next_review"),
            f"the review was due on {aid.review.next_review}",
        )


@check(
    "interval-missing",
    "warning",
    "a relative effect has no interval",
    "Give the effect's 95% confidence interval from the source (`interval: {low: …, high: …}`), "
    "so the uncertainty of the figures can be shown.",
    derives_from="IPDAS certification criterion C5: gives the uncertainty around the probabilities",
)
def _effect_interval(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    for i, outcome in enumerate(aid.outcomes):
        for key, figure in outcome.options.items():
            if isinstance(figure, WithEffect) and figure.effect.interval is None:
                yield (
                    ("outcomes", i, "options", key, "effect"),
                    f"the {figure.effect.measure} for {_quote(aid.option(key).name)} on "
                    f"{_quote(outcome.label)} has no interval",
                )


@check(
    "changed-since-review",
    "warning",
    "the aid changed after its last clinical review",
    "Ask a clinical reviewer to check the changes and add their name and date to `reviewers`; "
    "until then set `status: draft`.",
    derives_from=(
        "IPDAS quality criterion D4 (development): reviewed by professionals not involved in "
        "writing it"
    ),
)
def _review_stale(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    review = aid.review
    if review.status == "reviewed" and review.reviewers:
        latest = max(r.date for r in review.reviewers)
        if latest < review.last_updated:
            yield (
                ("review", "status"),
                f"last updated {review.last_updated}, after the last review on {latest}",
            )


# --------------------------------------------------------------------------------------------
# Information and probabilities (IPDAS quality criteria)
# --------------------------------------------------------------------------------------------

_DO_NOTHING_SECTION = "What happens if I do nothing"


@check(
    "do-nothing-not-shown",
    "warning",
    "what happens without treatment is not shown",
    "Where doing nothing (or waiting, or stopping) is an option, give it figures on the outcomes "
    f"and write the '## {_DO_NOTHING_SECTION}' section.",
    derives_from="IPDAS quality criterion I1 (information): describes what happens if no action is taken",
)
def _natural_course(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    passive = [(i, o) for i, o in enumerate(aid.options) if o.kind in PASSIVE_KINDS]
    if passive and not aid.body.get(_DO_NOTHING_SECTION):
        yield ("body", _DO_NOTHING_SECTION), "the section is missing"
    for i, option in passive:
        if all(isinstance(outcome.options[option.id], NotKnown) for outcome in aid.outcomes):
            yield ("options", i), f"{_quote(option.name)} has no figure on any outcome"


@check(
    "outcome-without-figures",
    "warning",
    "an outcome has no figure for any option",
    "An outcome with no numbers tells the patient nothing they can weigh: find figures, or move "
    "what is known about it into the body text.",
    derives_from="IPDAS quality criterion P1 (probabilities): gives the chances of the outcomes",
)
def _no_figures(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    for i, outcome in enumerate(aid.outcomes):
        if all(isinstance(f, NotKnown) for f in outcome.options.values()):
            yield ("outcomes", i), f"{_quote(outcome.label)} is not known for any option"


@check(
    "unsuited-denominator",
    "warning",
    "the denominator does not suit the figures",
    "Use `denominator: 100` unless an event, or the difference between options, is too rare to "
    "show on 100 (below 1 in 200 shows as 0 in 100); then use 1000.",
    derives_from="IPDAS quality criterion P3 (probabilities): gives event rates as natural frequencies",
)
def _denominator(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    for i, figures in enumerate(personalise(aid).outcomes):
        outcome = figures.outcome
        known = [f for f in figures.figures if f.not_known is None]
        if not known or any(f.probability is None for f in known):
            continue  # the figures wait for a person's inputs
        if (
            outcome.denominator == 1000
            and all(f.probability >= 0.01 for f in known)
            and not _difference_needs_1000([f.probability for f in known])
        ):
            yield (
                ("outcomes", i, "denominator"),
                f"every figure for {_quote(outcome.label)} is at least 1 in 100: show it out of 100",
            )
        hidden = [
            f.option.name
            for f in known
            if outcome.denominator == 100
            and f.probability > 0
            and risk.frequency(f.probability, 100) == 0
        ]
        if hidden:
            yield (
                ("outcomes", i, "denominator"),
                f"{_quote(outcome.label)} shows as 0 in 100 for {', '.join(map(_quote, hidden))}"
                " although the chance is not zero: show it out of 1000",
            )


def _difference_needs_1000(probabilities: list[float]) -> bool:
    """Whether two options look the same out of 100 but differ out of 1000."""
    return any(
        risk.frequency(a, 100) == risk.frequency(b, 100)
        and risk.frequency(a, 1000) != risk.frequency(b, 1000)
        for i, a in enumerate(probabilities)
        for b in probabilities[i + 1 :]
    )


_RISK = r"(?:risk|chance|odds|likelihood)s?"
_RELATIVE_ONLY = re.compile(
    rf"""\b(?:
        (?:halv|doubl|tripl)\w*\s+(?:your|the|their|a\s+person's)\s+{_RISK}
      | {_RISK}\s+(?:is\s+|are\s+|was\s+|were\s+)?(?:halved|doubled|tripled)
      | (?:reduc|lower|cut|increas|rais)\w*\s+(?:your|the|their)\s+{_RISK}
        (?:\s+of(?:\s+[\w'-]+){{1,5}}?)?\s+by\b
        (?!\s+(?:about\s+|around\s+|roughly\s+)?\d+(?:\.\d+)?\s+(?:in|out\s+of)\b)
      | {_RISK}\s+(?:falls|drops|rises|goes\s+(?:up|down))\s+by
      | \d+(?:\.\d+)?\s*(?:%|per\s?cent)\s+(?:lower|less|fewer|higher|more|greater|reduction|increase)
      | (?:twice|three\s+times|half)\s+as\s+likely
      | times\s+(?:more|less|as)\s+likely
    )""",
    re.IGNORECASE | re.VERBOSE,
)


@check(
    "relative-risk-phrase",
    "warning",
    "a relative-risk phrase ('halves', '30% lower', 'twice as likely') in the text",
    "Relative risks exaggerate and mislead on their own. Let the figures speak as natural "
    "frequencies ('4 in 100 with it, 6 in 100 without'), or leave the size out of the text.",
    derives_from="IPDAS quality criterion P7 (probabilities): balanced framing to limit bias",
)
def _relative_phrases(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    for path, text in _patient_texts(aid):
        for match in _RELATIVE_ONLY.finditer(text):
            yield path, f"{_quote(match[0])} gives a relative risk without the absolute numbers"


# --------------------------------------------------------------------------------------------
# Values and guidance
# --------------------------------------------------------------------------------------------


@check(
    "values-unbalanced",
    "warning",
    "'what matters to me' needs 3 to 6 statements, leaning to every option",
    "Write 3 to 6 `values` a person can weigh, so that each option has at least one statement "
    "leaning to it and none is pressed on the reader.",
    derives_from=(
        "IPDAS quality criterion V1 (values): asks which positive and negative features matter most"
    ),
)
def _values(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    count = len(aid.values)
    if not 3 <= count <= 6:
        yield ("values",), f"there are {count} statements"
    if count:
        leaned = {option_id for value in aid.values for option_id in value.leans_to}
        for option in aid.options:
            if option.id not in leaned:
                yield ("values",), f"no statement leans to {_quote(option.name)}"


#: A statement that ends like a sentence, speaks as "I …", or already weighs itself ("matters",
#: "rather", "prefer") is a preference, not a thing a person can rate how much it matters.
_SENTENCE_END = (".", "!", "?")
_SPEAKS_AS_I = re.compile(r"^I\b")
_WEIGHS_ITSELF = re.compile(
    r"\b(matters|matter (?:most|more|a lot)|rather|prefers?)\b", re.IGNORECASE
)


@check(
    "value-not-a-thing",
    "error",
    "a 'what matters to me' statement reads as a preference, not as a thing that may matter",
    "Each statement is rated 'How much does this matter to you?', so write the thing itself "
    "(\u201cLowering my chance of a stroke\u201d), not a sentence about it (\u201cI would rather "
    "…\u201d, \u201c… matters most to me.\u201d).",
    derives_from=(
        "IPDAS quality criterion V1 (values): asks which positive and negative features matter most"
    ),
)
def _value_not_a_thing(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    for index, value in enumerate(aid.values):
        text = value.statement.strip()
        reasons = []
        if text.endswith(_SENTENCE_END):
            reasons.append("ends like a sentence (drop the full stop)")
        if _SPEAKS_AS_I.match(text):
            reasons.append("starts with 'I' (name the thing, e.g. 'Not taking …')")
        weighing = _WEIGHS_ITSELF.search(text)
        if weighing:
            reasons.append(f"already says how much it matters ({weighing.group(0)!r})")
        if reasons:
            yield ("values", index, "statement"), f"{_quote(text)} " + "; ".join(reasons)


@check(
    "ask-3-questions-missing",
    "warning",
    "the NHS 'Ask 3 Questions' are not all in '## Questions to ask'",
    "List the three questions word for word: " + " ".join(ASK_3_QUESTIONS),
    derives_from="IPDAS quality criterion G2 (guidance): a list of questions to ask a practitioner",
)
def _ask_3_questions(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    def norm(text: str) -> str:
        return " ".join(text.replace("’", "'").casefold().split())

    section = norm(" ".join(_blocks(aid.body.get(QUESTIONS_SECTION, ""))))
    for question in ASK_3_QUESTIONS:
        if norm(question) not in section:
            yield ("body", QUESTIONS_SECTION), f"{_quote(question, 80)} is missing"


# --------------------------------------------------------------------------------------------
# Reading age
# --------------------------------------------------------------------------------------------

#: Body text above this reading age is flagged (the NHS aims at 9 to 11; see docs/authoring.md).
MAX_READING_AGE = 11.0
#: Parts shorter than this are too short for a stable score to name as the hardest.
_MIN_WORDS = 10


@cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def _syllables(word: str) -> int:
    return len(_hyphenator().positions(word.casefold())) + 1


def flesch_kincaid_grade(text: str) -> float:
    """The Flesch-Kincaid grade level of plain text (Kincaid et al. 1975):
    0.39 × words per sentence + 11.8 × syllables per word − 15.59.

    Words and sentences are counted by textstat. Syllables are counted as textstat does for words
    outside the CMU dictionary (pyphen's hyphenation points + 1) for every word: for English,
    textstat ≥ 0.7.4 downloads the CMU dictionary through NLTK on first use, and validating an aid
    must never need the network or give different answers on different machines.
    """
    words = textstat.remove_punctuation(text).split()
    sentences = textstat.sentence_count(text)
    if not words or not sentences:
        return 0.0
    syllables = sum(_syllables(word) for word in words)
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


def reading_age(text: str) -> float:
    """UK reading age in years: the Flesch-Kincaid US school grade + 5.

    A US grade is one below the UK school year, and UK children start Year 1 aged 5 to 6, so
    grade G is read by children aged about G + 5 (e.g. grade 6 = Year 7, age 11 to 12: Hunt et
    al., Clin Exp Dermatol 2022;47:684-91, doi:10.1111/ced.15012; grade 7.8 = age 12 to 13:
    Williamson and Martin, Int J Clin Pract 2010;64:1824-31, doi:10.1111/j.1742-1241.2010.02408.x).
    """
    return flesch_kincaid_grade(text) + 5


def _sentence(block: str) -> str:
    """A block as a sentence: list items and headings often lack a full stop."""
    return block if block[-1] in ".?!:;" else block + "."


def _readable_parts(aid: DecisionAid) -> Iterator[tuple[FieldPath, str]]:
    """The text patients read at length: the body sections and each option's description."""
    for title, markdown in aid.body.items():
        yield ("body", title), " ".join(_sentence(b) for b in _blocks(markdown))
    for i, option in enumerate(aid.options):
        for name in ("description", "what_it_involves"):
            yield ("options", i, name), _sentence(getattr(option, name))


@check(
    "reading-age-high",
    "warning",
    f"the reading age is above {MAX_READING_AGE:g}",
    "Use short sentences (under 15 words) and everyday words ('blood thinner', not "
    "'anticoagulant'); explain any medical word you must use.",
    derives_from="IPDAS quality criterion L1 (plain language): reports the readability level",
)
def _reading_age(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    parts = [(path, text) for path, text in _readable_parts(aid) if text.strip()]
    if not parts:
        return
    overall = reading_age(" ".join(text for _, text in parts))
    if overall <= MAX_READING_AGE:
        return
    long_enough = [p for p in parts if len(p[1].split()) >= _MIN_WORDS] or parts
    path, text = max(long_enough, key=lambda p: reading_age(p[1]))
    yield (
        path,
        f"the reading age is about {overall:.1f}; the hardest part is {field_text(path)} "
        f"(about {reading_age(text):.1f})",
    )


# --------------------------------------------------------------------------------------------
# Neutral wording and leftovers
# --------------------------------------------------------------------------------------------

_EVALUATIVE = re.compile(
    r"\b(?:best|safe|safer|safest|unsafe|recommended|proven|miracle|risk-free|harmless"
    r"|gold[- ]standard|dangerous|risky)\b",
    re.IGNORECASE,
)


@check(
    "judging-word",
    "warning",
    "an option's name or description judges it ('best', 'safe', 'recommended', 'dangerous')",
    "Describe what the option is and involves, and let the figures show how it compares; "
    "judging words push people one way.",
    derives_from=(
        "the NICE standards framework for shared decision making tools (ECD8): an even-handed "
        "presentation in neutral language"
    ),
)
def _neutral_wording(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    for i, option in enumerate(aid.options):
        for name in ("name", "description"):
            for match in _EVALUATIVE.finditer(getattr(option, name)):
                yield ("options", i, name), f"{_quote(match[0])} is not neutral"


_PLACEHOLDER = re.compile(
    r"(?:^|[.!?]\s+)(?:Say|Replace)\s+(?:what|who|how|which|any|when|where|why|with|in)\b"
    r"|replace-me|^Your (?:name|role)$|10\.0000/"
)


@check(
    "template-text",
    "warning",
    "text from the template is still there",
    "Replace every 'Say …' and 'Replace with …' line, 'Your name', and the example source with "
    "the real text.",
    derives_from="this project's own rule for content files",
)
def _template_text(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    for path, text in _all_strings(aid.model_dump(mode="json")):
        if _PLACEHOLDER.search(text):
            yield path, f"{_quote(text)} is template text"


# --------------------------------------------------------------------------------------------
# Content that could act on a page: raw HTML and links that are not web or email addresses
# --------------------------------------------------------------------------------------------

_SAFE_LINK = re.compile(r"(?:https?://|mailto:)\S", re.IGNORECASE)


@cache
def _every_link_parser() -> MarkdownIt:
    """CommonMark with raw HTML recognised and every link kept, whatever its scheme, so that a
    check can see what the pages' own parser would drop silently."""
    parser = MarkdownIt("commonmark")
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def _markup(path: FieldPath, text: str) -> Iterator[tuple[str, str]]:
    """("html", the HTML) or ("link", the address) for each piece of markup in a text: the body
    is Markdown; any other text is read as one line of it."""
    parser = _every_link_parser()
    tokens = parser.parse(text) if path[0] == "body" else parser.parseInline(text)
    for token in tokens:
        if token.type == "html_block":
            yield "html", token.content.strip()
        for child in token.children or []:
            if child.type == "html_inline":
                yield "html", child.content
            elif child.type in {"link_open", "image"}:
                yield "link", str(child.attrGet("href") or child.attrGet("src") or "")


def _content_texts(aid: DecisionAid) -> Iterator[tuple[FieldPath, str]]:
    """Every string in the front matter, and each section of the body."""
    yield from _all_strings(aid.model_dump(mode="json", exclude={"body"}))
    for title, markdown in aid.body.items():
        yield ("body", title), markdown


@check(
    "raw-html",
    "error",
    "HTML written in the text",
    "Write plain words (and Markdown in the body); delete the HTML. Pages show it as text, never "
    "run it, so it is a mistake or an attack either way.",
    derives_from="this project's own rule for content files",
)
def _raw_html(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    for path, text in _content_texts(aid):
        html = [found for kind, found in _markup(path, text) if kind == "html"]
        if html:  # once per field: '<b>' and its '</b>' are one mistake
            yield path, f"{_quote(html[0])} is HTML; content files hold plain text"


@check(
    "unsafe-link",
    "error",
    "a link that is not a web or email address (javascript:, data:, a relative link)",
    "Every link must start with https://, http:// or mailto:; put the full web address of the "
    "page you mean.",
    derives_from="this project's own rule for content files",
)
def _unsafe_links(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    for path, text in _content_texts(aid):
        for kind, found in _markup(path, text):
            if kind == "link" and not _SAFE_LINK.match(found):
                yield path, (
                    f"the link {_quote(found)} is not a web or email address; links must start "
                    "with https://, http:// or mailto:"
                )


# --------------------------------------------------------------------------------------------
# The clinician's brief
# --------------------------------------------------------------------------------------------

#: The fewest self-check questions a brief should have.
MIN_SELF_CHECK = 5


@check(
    "brief-missing",
    "warning",
    "the aid has no clinician's brief, or its brief is thin",
    "Add a `brief` at the end of the front matter: the decision, who it is for, two or three "
    f"example people (where the aid is personalised), traps, limits, a teach-back question and "
    f"at least {MIN_SELF_CHECK} self-check questions.",
    derives_from=(
        "NHS England, Universal Personalised Care (Action 6): decision support tools and "
        "e-learning resources for each situation"
    ),
)
def _brief(aid: DecisionAid, today: dt.date) -> Iterator[Hit]:
    brief = aid.brief
    if brief is None:
        yield (), "there is no clinician's brief"
        return
    if aid.personalisation and len(brief.people) < 2:
        yield ("brief", "people"), "a personalised aid needs two or three example people"
    if len(brief.self_check) < MIN_SELF_CHECK:
        yield (
            ("brief", "self_check"),
            f"the self-check has {len(brief.self_check)} questions, fewer than {MIN_SELF_CHECK}",
        )
