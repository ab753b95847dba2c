"""The typed model of a decision aid, validated with pydantic.

An aid is written as YAML front matter (see ``docs/authoring.md``); this module defines what that
front matter may hold. Structural rules live on the models; rules that relate one part of an aid to
another (an outcome naming an option that does not exist, a source id nobody defined) are found by
:func:`reference_errors`, which reports each with the path of the field at fault.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    HttpUrl,
    StringConstraints,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=2, max_length=60)
]
Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+([-_][a-z0-9]+)*$", min_length=1, max_length=60)
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]

#: A path to a field inside an aid's front matter, e.g. ``("outcomes", 0, "options", "doac")``.
FieldPath = tuple[str | int, ...]


class _Strict(BaseModel):
    """Base for every content model: unknown fields are errors, so a typo never goes unnoticed."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )


class Certainty(StrEnum):
    """GRADE certainty of the evidence behind a figure."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    VERY_LOW = "very low"


class RatedBy(StrEnum):
    """Who judged a figure's certainty: the source itself, or this aid's authors (pending review)."""

    SOURCE = "source"
    AUTHORS = "authors"


class OptionKind(StrEnum):
    """What an option is; doing nothing, waiting and stopping are real options."""

    DO_NOTHING = "do-nothing"
    WATCHFUL_WAITING = "watchful-waiting"
    STOPPING = "stopping"
    ACTIVE = "active"


PASSIVE_KINDS = frozenset({OptionKind.DO_NOTHING, OptionKind.WATCHFUL_WAITING, OptionKind.STOPPING})


class Setting(StrEnum):
    PRIMARY_CARE = "primary-care"
    SECONDARY_CARE = "secondary-care"
    INTERFACE = "interface"
    CARE_HOME = "care-home"
    LAST_YEAR_OF_LIFE = "last-year-of-life"
    MATERNITY = "maternity"


class Aim(StrEnum):
    REDUCE_LOW_VALUE_CARE = "reduce-low-value-care"
    SUPPORT_EVIDENCE_BASED_THERAPY = "support-evidence-based-therapy"
    PREFERENCE_SENSITIVE = "preference-sensitive"


class EffectMeasure(StrEnum):
    RELATIVE_RISK = "relative risk"
    HAZARD_RATIO = "hazard ratio"
    ODDS_RATIO = "odds ratio"


class SourceKind(StrEnum):
    GUIDELINE = "guideline"
    SYSTEMATIC_REVIEW = "systematic review"
    TRIAL = "trial"
    COHORT = "cohort"
    REGISTRY = "registry"
    OTHER = "other"


_TIME_UNITS = {"day": 1 / 365.25, "week": 7 / 365.25, "month": 1 / 12, "year": 1.0}
_TIME_FRAME_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(day|week|month|year)s?\s*$", re.IGNORECASE)


#: How an event-anchored time frame begins: "when leaving hospital", "in the last week of life".
#: It follows the outcome's label in headings ("will be alive" + "when leaving hospital"), so
#: the label should not repeat the event ("leave hospital alive until leaving hospital").
WINDOW_STARTS = ("until ", "when ", "in the last ", "during ", "by the time ")


class TimeFrame(_Strict):
    """When the outcomes are counted: a length of time, or a window anchored to an event.

    Written in content as text: a length such as ``"10 years"`` or ``"6 months"``, or a window
    such as ``"until leaving hospital"`` or ``"in the last week of life"`` where the source counts
    events that way. Only lengths of time can be rescaled or fed by a calculator.
    """

    value: Annotated[float, Field(gt=0)] | None = None
    unit: Literal["day", "week", "month", "year"] | None = None
    window: Text | None = Field(
        default=None, description="An event-anchored window, e.g. 'until leaving hospital'."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            match = _TIME_FRAME_TEXT.match(data)
            if match:
                return {"value": float(match[1]), "unit": match[2].lower()}
            if data.strip().lower().startswith(WINDOW_STARTS):
                return {"window": data.strip()}
            raise ValueError(
                f"{data!r} is not a time frame; write a number and a unit, e.g. '1 year', "
                "'10 years', '6 months', '90 days', or, where the source counts events up to or "
                "back from an event, a window starting with "
                + ", ".join(f"'{w.strip()}'" for w in WINDOW_STARTS)
                + ", e.g. 'until leaving hospital'"
            )
        return data

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        length = self.value is not None and self.unit is not None
        if length == (self.window is not None) or (self.value is None) != (self.unit is None):
            raise ValueError("give a time frame either as a length ('1 year') or as a window")
        return self

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        as_object = handler(core_schema)
        windows = "|".join(w.strip() for w in WINDOW_STARTS)
        as_text = {
            "type": "string",
            "pattern": rf"^\s*(\d+(\.\d+)?\s*(day|week|month|year)s?|({windows})\s.+)\s*$",
            "description": "A length, e.g. '1 year', '10 years', '6 months'; or a window, e.g. "
            "'until leaving hospital', 'in the last week of life'.",
            "examples": ["1 year", "10 years", "6 months", "until leaving hospital"],
        }
        return {"anyOf": [as_text, as_object]}

    @property
    def is_length(self) -> bool:
        return self.window is None

    @property
    def years(self) -> float:
        """The length in years; a window has none (check `is_length` first)."""
        if self.value is None or self.unit is None:
            raise ValueError(f"the time frame '{self}' is a window, not a length of time")
        return self.value * _TIME_UNITS[self.unit]

    @property
    def phrase(self) -> str:
        """How the time frame reads in a sentence: 'over the next 10 years', 'until leaving hospital'."""
        if self.window is not None:
            return self.window
        return f"over the next {self.unit if self.value == 1 else self}"

    def __str__(self) -> str:
        if self.window is not None:
            return self.window
        return f"{self.value:g} {self.unit}" + ("" if self.value == 1 else "s")


class Cited(_Strict):
    """A figure's provenance: which source it comes from and how certain the evidence is."""

    source: Identifier = Field(description="The id of an entry in `sources`.")
    certainty: Certainty = Field(description="GRADE certainty: high, moderate, low or very low.")
    certainty_rated_by: RatedBy = Field(
        description="'source' if the source states this GRADE rating; 'authors' if it is this aid's "
        "authors' judgement, to be checked at clinical review."
    )
    note: Text | None = Field(
        default=None,
        description="Where in the source the figure is, or how it was derived from it.",
    )
    derived: bool = Field(
        default=False,
        description="True when the authors worked the figure out from the sources' numbers "
        "(the note says how) rather than reading it as printed; shown beside the figure.",
    )


class Interval(_Strict):
    """A 95% confidence (or credible) interval."""

    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.low > self.high:
            raise ValueError(f"interval low ({self.low}) is above high ({self.high}); swap them")
        return self


class Effect(Cited):
    """A relative effect of an option against the outcome's baseline option."""

    measure: EffectMeasure
    value: Annotated[float, Field(gt=0)]
    interval: Interval | None = None
    inverted: bool = Field(
        default=False,
        description="True when the published ratio compares the baseline option with this option "
        "(e.g. anticoagulant vs none while the baseline is on an anticoagulant); the ratio is then "
        "turned round before it is applied.",
    )

    @model_validator(mode="after")
    def _value_inside_interval(self) -> Self:
        if self.interval and self.interval.low <= 0:
            raise ValueError("a ratio's interval must be above 0")
        if self.interval and not self.interval.low <= self.value <= self.interval.high:
            raise ValueError(
                f"the effect {self.value} lies outside its interval "
                f"{self.interval.low} to {self.interval.high}"
            )
        return self


class DirectProbability(Cited):
    """A probability read from a source for this option, over the outcome's time frame."""

    probability: Probability
    interval: Interval | None = None

    @model_validator(mode="after")
    def _interval_in_range(self) -> Self:
        if self.interval and not (
            0 <= self.interval.low <= self.probability <= self.interval.high <= 1
        ):
            raise ValueError("the interval must lie within 0 to 1 and contain the probability")
        return self


class FromBaseline(_Strict):
    """This option is the one the baseline describes: it takes the baseline unchanged."""

    baseline: Literal[True]


class WithEffect(_Strict):
    """This option's probability is the baseline with a relative effect applied."""

    effect: Effect


class NotKnown(_Strict):
    """No source gives this figure: say why, rather than guess."""

    not_known: Text = Field(description="Why there is no figure, in words a patient can read.")


_FIGURE_KEYS = {
    "baseline": "baseline",
    "effect": "effect",
    "probability": "probability",
    "not_known": "not_known",
}


def _figure_kind(data: Any) -> str | None:
    if isinstance(data, dict):
        keys = data.keys()
    elif isinstance(data, BaseModel):
        keys = type(data).model_fields.keys()
    else:
        return None
    found = [tag for key, tag in _FIGURE_KEYS.items() if key in keys]
    return found[0] if len(found) == 1 else None


OptionFigure = Annotated[
    Annotated[FromBaseline, Tag("baseline")]
    | Annotated[WithEffect, Tag("effect")]
    | Annotated[DirectProbability, Tag("probability")]
    | Annotated[NotKnown, Tag("not_known")],
    Discriminator(
        _figure_kind,
        custom_error_type="option_figure",
        custom_error_message="give this option exactly one of `probability:` (with source and "
        "certainty), `effect:` (applied to the baseline), `baseline: true` or `not_known:` (why)",
    ),
]


class Baseline(_Strict):
    """The probability for the baseline option: fixed from a source, or from a calculator."""

    value: Probability | None = None
    calculator: Identifier | None = Field(
        default=None, description="The id of a calculator in decision_aids.calculators."
    )
    output: Identifier | None = Field(
        default=None, description="Which of the calculator's outputs to use."
    )
    per: TimeFrame | None = Field(
        default=None,
        description="The time frame of a fixed value, if not the outcome's; rescaled at constant hazard.",
    )
    source: Identifier | None = None
    certainty: Certainty | None = None
    certainty_rated_by: RatedBy | None = None
    note: Text | None = None
    derived: bool = False

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        fixed = self.value is not None
        computed = self.calculator is not None
        if fixed == computed:
            raise ValueError("give a baseline either a fixed `value` or a `calculator`, not both")
        if computed and (self.output is None or self.per is not None or self.source is not None):
            raise ValueError(
                "a calculator baseline names its `output` and nothing else: the calculator "
                "carries its own time frame, source and certainty"
            )
        if fixed and (
            self.source is None or self.certainty is None or self.certainty_rated_by is None
        ):
            raise ValueError(
                "a fixed baseline needs `source`, `certainty` and `certainty_rated_by`"
            )
        return self


class Outcome(_Strict):
    """A benefit or harm, with a figure for every option over one time frame and denominator."""

    id: Identifier
    label: Text = Field(description="What happens, as a patient would say it: 'have a stroke'.")
    event_is: Literal["good", "bad", "neutral"] = Field(
        description="'bad' if people want to avoid it (a stroke), 'good' if they want it (less "
        "pain), 'neutral' if it is neither (having an operation later): then a difference "
        "between options is shown as more or fewer, never as helped or harmed."
    )
    time_frame: TimeFrame
    denominator: Literal[100, 1000] = 100
    population: Text = Field(description="Who the figures describe: the reference class.")
    baseline: Baseline | None = None
    options: dict[Identifier, OptionFigure] = Field(
        description="One entry for every option, keyed by option id."
    )
    explanation: Text | None = None

    @model_validator(mode="after")
    def _window_not_rescaled(self) -> Self:
        base = self.baseline
        if not self.time_frame.is_length and base is not None and (base.calculator or base.per):
            raise ValueError(
                f"the time frame '{self.time_frame}' is a window, so a baseline cannot be rescaled "
                "or come from a calculator: give the figure the source counts over this window"
            )
        return self

    @field_validator("options", mode="before")
    @classmethod
    def _not_empty(cls, value: Any) -> Any:
        if isinstance(value, dict) and not value:
            raise ValueError("give a figure for every option")
        return value


class Cost(_Strict):
    """What choosing an option costs the NHS per person, with its source (e.g. the National Cost
    Collection), for the evaluator's report of decisions and their cost."""

    pounds: Annotated[float, Field(ge=0)]
    what: Text = Field(description="What the cost covers, e.g. 'the operation and hospital stay'.")
    price_year: Annotated[int, Field(ge=2000, le=2100)]
    source: Identifier
    note: Text | None = None


class Option(_Strict):
    id: Identifier
    name: Text
    kind: OptionKind
    description: Text
    what_it_involves: Text
    cost: Cost | None = Field(default=None, description="Optional: the cost per person to the NHS.")


class Practicality(_Strict):
    """An Option-Grid-style question with an answer for every option."""

    question: Text
    answers: dict[Identifier, Text]


class ValueStatement(_Strict):
    """A 'what matters to me' statement and the options it leans towards."""

    id: Identifier
    statement: Text
    leans_to: Annotated[list[Identifier], Field(min_length=1)]


class Source(_Strict):
    id: Identifier
    citation: Text
    year: Annotated[int, Field(ge=1900, le=2100)]
    kind: SourceKind
    url: HttpUrl


class Person(_Strict):
    name: Text
    role: Text


class Reviewer(Person):
    date: dt.date


class Review(_Strict):
    status: Literal["draft", "reviewed"]
    authors: Annotated[list[Person], Field(min_length=1)]
    reviewers: list[Reviewer] = []
    last_updated: dt.date
    next_review: dt.date
    funding: Text
    conflicts: Text
    update_policy: Text

    @model_validator(mode="after")
    def _reviewed_needs_reviewer(self) -> Self:
        if self.status == "reviewed" and not self.reviewers:
            raise ValueError(
                "status 'reviewed' needs at least one named clinical reviewer in `reviewers`; "
                "until then keep status: draft"
            )
        if self.next_review <= self.last_updated:
            raise ValueError("next_review must come after last_updated")
        return self


#: A calculator input as written in an example person's front matter: 76, female, yes, 5.8.
InputValue = str | int | float | bool


class ExamplePerson(_Strict):
    """Someone a clinician's brief works the figures out for: what they are like, and the answers
    they would give the aid's calculators (none where the aid is not personalised)."""

    id: Identifier
    description: Text = Field(
        description="Who they are, in a line: 'A woman of 76 with high blood pressure'."
    )
    inputs: dict[Identifier, InputValue] = Field(
        default={}, description="Their calculator inputs, as `decision-aids show` names them."
    )


class FigureQuestion(_Strict):
    """A self-check question whose answer is worked out from the aid for an example person:
    how many in the outcome's denominator (`count`), or how many more or fewer than with
    `compared_with` (`difference`)."""

    ask: Literal["count", "difference"]
    person: Identifier = Field(description="The id of an example person in `people`.")
    outcome: Identifier
    option: Identifier
    compared_with: Identifier | None = Field(
        default=None, description="For `difference`: the option to compare with."
    )
    why: Text | None = Field(
        default=None, description="Optional: what the answer teaches, beyond the arithmetic."
    )

    @model_validator(mode="after")
    def _comparison(self) -> Self:
        if (self.ask == "difference") != (self.compared_with is not None):
            raise ValueError(
                "a `difference` question names the option it is `compared_with`; "
                "a `count` question does not"
            )
        return self


class Choice(_Strict):
    text: Text
    correct: bool = False


class ChoiceQuestion(_Strict):
    """A self-check question with written choices, exactly one correct, and why, with a source."""

    question: Text
    choices: Annotated[list[Choice], Field(min_length=2)]
    why: Text = Field(description="The feedback: why the correct choice is right.")
    source: Identifier = Field(description="The id of an entry in `sources`.")

    @model_validator(mode="after")
    def _one_correct(self) -> Self:
        if sum(c.correct for c in self.choices) != 1:
            raise ValueError("mark exactly one choice `correct: true`")
        return self


def _question_kind(data: Any) -> str | None:
    if isinstance(data, dict):
        keys = data.keys()
    elif isinstance(data, BaseModel):
        keys = type(data).model_fields.keys()
    else:
        return None
    if "ask" in keys:
        return "figure"
    return "choice" if "choices" in keys else None


SelfCheckQuestion = Annotated[
    Annotated[FigureQuestion, Tag("figure")] | Annotated[ChoiceQuestion, Tag("choice")],
    Discriminator(
        _question_kind,
        custom_error_type="self_check_question",
        custom_error_message="give a question either `ask:` (count or difference, worked out "
        "for an example person) or `question:` with `choices:`, `why:` and `source:`",
    ),
]


class Brief(_Strict):
    """The clinician's brief: five minutes' reading before using the aid, and a self-check."""

    decision: Text = Field(description="The decision in a line, as a clinician would put it.")
    for_whom: Text = Field(description="Who the decision is for, and who it is not for.")
    people: Annotated[list[ExamplePerson], Field(min_length=1, max_length=3)] = Field(
        description="One to three example people (two or three where the aid is personalised)."
    )
    key_outcomes: Annotated[list[Identifier], Field(min_length=1)] = Field(
        description="The ids of the outcomes whose figures the brief shows for each person."
    )
    traps: Annotated[list[Text], Field(min_length=1)] = Field(
        description="This situation's traps in talking about risk."
    )
    evidence_cannot_tell: Annotated[list[Text], Field(min_length=1)] = Field(
        description="What the evidence cannot tell the person."
    )
    teach_back: Text = Field(description="One teach-back question to ask the person.")
    self_check: list[SelfCheckQuestion] = Field(
        default=[], description="At least five questions, with feedback."
    )
    sources: list[Source] = Field(
        default=[],
        description="Sources the brief cites beyond the aid's own (e.g. on talking about risk).",
    )


class DecisionAid(_Strict):
    """One clinical situation's decision aid."""

    slug: Slug
    title: Text
    question: Text = Field(description="The decision as the patient would ask it, ending in '?'.")
    condition: Text = Field(description="What the condition or problem is, in plain words.")
    for_whom: Text
    not_for: Text
    setting: Setting
    aim: Aim
    keywords: list[Text] = Field(default=[], description="Plain words people search with.")
    no_do_nothing_reason: Text | None = Field(
        default=None, description="Only where doing nothing is not a real option: why."
    )
    personalisation: list[Identifier] = Field(
        default=[], description="Ids of the calculators whose inputs personalise this aid."
    )
    options: Annotated[list[Option], Field(min_length=2)]
    outcomes: Annotated[list[Outcome], Field(min_length=1)]
    practicalities: list[Practicality] = []
    values: list[ValueStatement] = []
    sources: Annotated[list[Source], Field(min_length=1)]
    review: Review
    brief: Brief | None = Field(
        default=None, description="The clinician's brief, its example people and self-check."
    )
    body: dict[str, str] = Field(
        default={}, description="Filled from the Markdown body: section title to its Markdown."
    )

    @field_validator("question")
    @classmethod
    def _is_question(cls, value: str) -> str:
        if not value.endswith("?"):
            raise ValueError("write the decision as a question that ends with '?'")
        return value

    @model_validator(mode="after")
    def _references(self, info: ValidationInfo) -> Self:
        if info.context and info.context.get("defer_references"):
            return self
        errors = reference_errors(self)
        if errors:
            raise ValueError("; ".join(f"{_path_text(p)}: {m}" for p, m, _ in errors))
        return self

    def option(self, option_id: str) -> Option:
        return next(o for o in self.options if o.id == option_id)

    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)


def _path_text(path: FieldPath) -> str:
    return ".".join(str(part) for part in path) or "(top)"


#: (where, what is wrong, how to fix it)
ReferenceError_ = tuple[FieldPath, str, str]


def _duplicates(ids: list[str]) -> set[str]:
    return {i for i in ids if ids.count(i) > 1}


def reference_errors(aid: DecisionAid) -> list[ReferenceError_]:
    """Every way the parts of an aid fail to refer to each other, each with its field path."""
    return [
        *_duplicate_ids(aid),
        *_do_nothing_option(aid),
        *_figure_references(aid),
        *_option_coverage(aid),
        *_brief_references(aid),
    ]


def _duplicate_ids(aid: DecisionAid) -> Iterator[ReferenceError_]:
    for name in ("options", "sources", "outcomes", "values"):
        ids = [item.id for item in getattr(aid, name)]
        for dup in sorted(_duplicates(ids)):
            yield (name,), f"the id '{dup}' is used twice", "give each entry its own id"


def _do_nothing_option(aid: DecisionAid) -> Iterator[ReferenceError_]:
    if not any(o.kind in PASSIVE_KINDS for o in aid.options) and not aid.no_do_nothing_reason:
        yield (
            ("options",),
            "there is no doing-nothing, watchful-waiting or stopping option",
            "add an option with kind: do-nothing (or watchful-waiting / stopping), or explain "
            "in `no_do_nothing_reason` why it is not a real option",
        )


def _figure_references(aid: DecisionAid) -> Iterator[ReferenceError_]:
    """Sources that exist, and baselines present exactly where options use them."""
    source_ids = {s.id for s in aid.sources}
    hint = f"add it to `sources`, or use one of: {', '.join(s.id for s in aid.sources)}"
    for i, option in enumerate(aid.options):
        if option.cost is not None and option.cost.source not in source_ids:
            yield (
                ("options", i, "cost", "source"),
                f"'{option.cost.source}' is not in `sources`",
                hint,
            )
    for i, outcome in enumerate(aid.outcomes):
        path: FieldPath = ("outcomes", i)
        cited: list[tuple[FieldPath, str | None]] = []
        if outcome.baseline is not None:
            cited.append(((*path, "baseline"), outcome.baseline.source))
        for key, figure in outcome.options.items():
            if isinstance(figure, DirectProbability):
                cited.append(((*path, "options", key), figure.source))
            elif isinstance(figure, WithEffect):
                cited.append(((*path, "options", key, "effect"), figure.effect.source))
        for where, source_id in cited:
            if source_id is not None and source_id not in source_ids:
                yield (*where, "source"), f"'{source_id}' is not in `sources`", hint
        using = [k for k, f in outcome.options.items() if isinstance(f, FromBaseline | WithEffect)]
        if using and outcome.baseline is None:
            yield (
                (*path, "baseline"),
                f"options {', '.join(using)} need a baseline, and there is none",
                "add a `baseline`, or give each option a `probability`",
            )
        if outcome.baseline is not None and not any(
            isinstance(f, FromBaseline) for f in outcome.options.values()
        ):
            yield (
                (*path, "options"),
                "a baseline is given but no option takes it",
                "mark the option it describes with `baseline: true`",
            )


def _option_coverage(aid: DecisionAid) -> Iterator[ReferenceError_]:
    """Every outcome and practicality has an entry for every option, and only for options."""
    option_ids = [o.id for o in aid.options]
    hint = f"use one of: {', '.join(option_ids)}"
    keyed: list[tuple[FieldPath, list[str]]] = [
        (("outcomes", i, "options"), list(o.options)) for i, o in enumerate(aid.outcomes)
    ] + [
        (("practicalities", i, "answers"), list(p.answers))
        for i, p in enumerate(aid.practicalities)
    ]
    for path, keys in keyed:
        for key in keys:
            if key not in option_ids:
                yield (*path, key), f"'{key}' is not an option of this aid", hint
        for missing in (o for o in option_ids if o not in keys):
            yield (
                path,
                f"option '{missing}' has no entry",
                f"add '{missing}:' here; every option needs one",
            )
    for i, value in enumerate(aid.values):
        for j, option_id in enumerate(value.leans_to):
            if option_id not in option_ids:
                yield ("values", i, "leans_to", j), f"'{option_id}' is not an option", hint


def _brief_references(aid: DecisionAid) -> Iterator[ReferenceError_]:
    """The brief's people, outcomes, options and sources are the aid's own."""
    brief = aid.brief
    if brief is None:
        return
    path: FieldPath = ("brief",)
    people = [p.id for p in brief.people]
    for name, ids in (("people", people), ("sources", [s.id for s in brief.sources])):
        for dup in sorted(_duplicates(ids)):
            yield (*path, name), f"the id '{dup}' is used twice", "give each entry its own id"
    known = {
        "person": (people, "people"),
        "outcome": ([o.id for o in aid.outcomes], "outcomes"),
        "option": ([o.id for o in aid.options], "options"),
        "compared_with": ([o.id for o in aid.options], "options"),
        "source": ([s.id for s in (*aid.sources, *brief.sources)], "sources"),
    }

    def unknown(where: FieldPath, kind: str, value: str) -> Iterator[ReferenceError_]:
        ids, name = known[kind]
        if value not in ids:
            yield where, f"'{value}' is not in `{name}`", f"use one of: {', '.join(ids)}"

    for i, outcome_id in enumerate(brief.key_outcomes):
        yield from unknown((*path, "key_outcomes", i), "outcome", outcome_id)
    for i, question in enumerate(brief.self_check):
        where: FieldPath = (*path, "self_check", i)
        if isinstance(question, ChoiceQuestion):
            yield from unknown((*where, "source"), "source", question.source)
            continue
        for kind in ("person", "outcome", "option", "compared_with"):
            value = getattr(question, kind)
            if value is not None:
                yield from unknown((*where, kind), kind, value)
