"""The consultation: one screen that clinician and patient share.

Choose the situation, enter the person's details, compare the options side by side, see each
outcome as icons, bars or words, say what matters, take the SURE test and record the decision.
Every figure and every judgement comes from the library
(:func:`decision_aids.summary.check_summary`, one call a run); this page lays them out, placing
each result beside the questions it answers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

import aid_sections as sections
import consultation_state as state
import feedback
import streamlit as st
from page_setup import library, plain

from decision_aids.answers import query_value
from decision_aids.forms import InputField, calculator_fields
from decision_aids.model import DecisionAid
from decision_aids.option_grid import option_grid
from decision_aids.search import search
from decision_aids.summary import NOT_DECIDED, Problems, Summary, check_summary
from decision_aids.values import IMPORTANCE_LABELS, IMPORTANCE_QUESTION, SURE_ITEMS

#: Each "what matters" slider starts at "not said", so an untouched slider says nothing.
_RATINGS: tuple[int | None, ...] = (None, *range(len(IMPORTANCE_LABELS)))
_UNDECIDED = ""  # the decision radio's "not decided yet"
_RECORDED = "recorded"
_NOT_RECORDED = "not-recorded"


def _rating_label(rating: int | None) -> str:
    return "Not said" if rating is None else IMPORTANCE_LABELS[rating]


def _choose(slug: str) -> None:
    st.session_state[state.AID] = slug


def _known(allowed: Collection[str]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw not in allowed:
            raise ValueError(raw)
        return raw

    return parse


def choose_aid() -> DecisionAid | None:
    """Search by plain words, or pick from the list; the choice goes in the page's address."""
    aids = library().aids
    find, pick = st.columns(2)
    query = find.text_input(
        "Find the situation in plain words",
        key=state.FIND,
        placeholder="For example: knee, blood thinner, statin",
    )
    if query.strip():
        found = search(aids.values(), query)
        if not found:
            find.caption(plain(f"No aid matches “{query.strip()}”: pick one from the list."))
        for aid in found[:5]:
            find.button(aid.title, key=f"pick.{aid.slug}", on_click=_choose, args=(aid.slug,))
    state.from_address(state.AID, _known(aids))
    slug = pick.selectbox(
        "Situation",
        [aid.slug for aid in search(aids.values(), "")],  # every aid, by title
        index=None,
        format_func=lambda s: aids[s].title,
        key=state.AID,
        persist_state="session",
        placeholder="Choose the situation to talk about",
    )
    return aids.get(slug) if slug else None


def _input(field: InputField) -> Any:
    label = f"{field.label} ({field.unit})" if field.unit else field.label
    help_text = plain(field.hint) if field.hint else None
    if field.choices:
        labels = {c.value: c.label for c in field.choices}
        state.from_address(field.name, _known(labels))
        return st.radio(
            label,
            list(labels),
            format_func=labels.get,
            index=None,
            horizontal=True,
            key=field.name,
            persist_state="session",
            help=help_text,
        )
    number: type[int] | type[float] = int if field.inputmode == "numeric" else float
    state.from_address(field.name, number)
    return st.number_input(
        label,
        value=None,
        step=1 if number is int else 0.1,
        key=field.name,
        persist_state="session",
        help=help_text,
    )


def details_form(aid: DecisionAid) -> dict[str, Any]:
    """The person's calculator inputs, asked together and sent in one go."""
    fields = calculator_fields(aid)
    if not fields:
        return {}
    st.header("Their details", anchor="details")
    given: dict[str, Any] = {}
    with st.form("details"):
        columns = st.columns(3)
        for i, field in enumerate(fields):
            with columns[i % len(columns)]:
                given[field.name] = _input(field)
        st.form_submit_button("Show their numbers", type="primary")
    return {name: value for name, value in given.items() if value is not None}


def what_matters(aid: DecisionAid) -> dict[str, str]:
    importance: dict[str, str] = {}
    st.markdown(f"Ask of each: *{IMPORTANCE_QUESTION}*")
    for value in aid.values:
        rating = st.select_slider(
            plain(value.statement),
            _RATINGS,
            format_func=_rating_label,
            help=IMPORTANCE_QUESTION,
            key=state.per_aid(aid.slug, f"matters.{value.id}"),
            persist_state="session",
        )
        if rating is not None:
            importance[value.id] = str(rating)
    return importance


def sure_questions(aid: DecisionAid) -> dict[str, str]:
    answers: dict[str, str] = {}
    for key, letter, question in SURE_ITEMS:
        answer = st.radio(
            f"{letter}: {question}",
            ["yes", "no"],
            format_func=str.capitalize,
            index=None,
            horizontal=True,
            key=state.per_aid(aid.slug, f"sure.{key}"),
            persist_state="session",
        )
        if answer is not None:
            answers[key] = answer
    return answers


def decision_choice(aid: DecisionAid) -> str | None:
    names = {o.id: o.name for o in aid.options} | {_UNDECIDED: NOT_DECIDED.capitalize()}
    return st.radio(
        "Their decision",
        list(names),
        format_func=names.get,
        index=None,
        key=state.per_aid(aid.slug, "decision"),
        persist_state="session",
    )


def show_details(summary: Summary, problems: Problems) -> None:
    if problems.inputs:
        st.error(
            "These details cannot be used yet, so the figures are for people in general:\n\n"
            + "\n".join(f"- {plain(message)}" for message in problems.inputs.values())
        )
    for assessment in summary.personalised.assessments.values():
        st.success(plain(f"Their details: {assessment.summary}"))


def show_values(summary: Summary, problems: Problems) -> None:
    if problems.importance:
        st.error("\n".join(f"- {plain(m)}" for m in problems.importance.values()))
    if summary.values is None:
        return
    st.info(plain(summary.values.summary))
    for fit in summary.values.fits:
        if fit.reasons:
            st.markdown(f"**{plain(fit.option.name)}**: " + " ".join(plain(r) for r in fit.reasons))
    st.caption("A guide to help talk it through, not a recommendation.")


def show_sure(summary: Summary, problems: Problems) -> None:
    if problems.sure and len(problems.sure) < len(SURE_ITEMS):
        st.caption(f"{len(SURE_ITEMS) - len(problems.sure)} of {len(SURE_ITEMS)} answered.")
    if summary.sure is not None:
        st.info(plain(f"{summary.sure.score} of 4. {summary.sure.summary}"))


def _record(summary: Summary) -> None:
    """The record button's callback: it runs before the page is drawn again, so the button is
    already disabled when the page shows the decision as recorded."""
    clinician, site = state.codes()
    option = summary.decision.id if summary.decision else None
    try:
        feedback.record_decision(summary.aid.slug, option, site, clinician, summary.date)
    except feedback.NotSaved as error:
        st.session_state[_NOT_RECORDED] = f"Not recorded: {error}"
    else:
        recorded = f"{summary.decision_text} ({summary.date})"
        st.session_state[state.per_aid(summary.aid.slug, _RECORDED)] = recorded


def record(summary: Summary) -> None:
    """Store the decision once for this aid in this session: aid, option, codes and date."""
    st.caption(
        "Stored for the service's evaluation: the aid, the option chosen (or not decided yet), "
        "your site and clinician codes, and today's date. Never who the person is."
    )
    left, right = st.columns(2)
    left.text_input("Your clinician code", key=state.CLINICIAN, persist_state="session")
    right.text_input("Your site code (ODS)", key=state.SITE, persist_state="session")
    done = st.session_state.get(state.per_aid(summary.aid.slug, _RECORDED))
    st.button(
        "Record the decision",
        disabled=bool(done),
        type="primary",
        on_click=_record,
        args=(summary,),
    )
    problem = st.session_state.pop(_NOT_RECORDED, None)
    if problem:
        st.error(plain(problem))
    if done:
        st.success(plain(f"Recorded: {done}."))


chosen_aid = choose_aid()
if chosen_aid is None:
    st.title("Consultation")
    st.info("Choose the situation to talk about: type a few plain words, or pick it from the list.")
    st.stop()
aid: DecisionAid = chosen_aid
st.title(plain(aid.title))
st.markdown(f"**{plain(aid.question)}**")
sections.draft_notice(aid)
if aid.brief is not None:
    st.page_link(
        "learn.py", label="Clinician's brief for this aid", query_params={"brief": aid.slug}
    )

details = details_form(aid)
details_results = st.container()

st.header("The options side by side", anchor="options")
grid_box = st.container()

st.header("Benefits and harms", anchor="figures")
state.from_address(state.SHOW, _known(sections.STYLES))
style = st.segmented_control(
    "Show the figures as",
    list(sections.STYLES),
    format_func=sections.STYLES.get,
    default="icons",
    required=True,
    key=state.SHOW,
    persist_state="session",
)
names = {option.id: option.name for option in aid.options}
compared = st.pills(
    "Options to compare (choose two to see them side by side)",
    list(names),
    selection_mode="multi",
    default=list(names),
    format_func=names.get,
    key=state.per_aid(aid.slug, "compare"),
    persist_state="session",
)
figures_box = st.container()

st.header("What matters to them", anchor="what-matters")
asked, values_results = st.columns([3, 2], gap="large")
with asked:
    importance = what_matters(aid)

st.header("How sure they feel: the SURE test", anchor="sure")
asked, sure_results = st.columns([3, 2], gap="large")
with asked:
    sure = sure_questions(aid)

st.header("The decision", anchor="decision")
asked, recording = st.columns([3, 2], gap="large")
with asked:
    chosen = decision_choice(aid)

summary, problems = check_summary(
    aid, details, importance=importance, sure_answers=sure, decision=chosen
)
state.save(state.Consultation(aid.slug, details, importance, sure, chosen or None))
state.to_address(
    {state.AID: aid.slug}
    | {name: query_value(value) for name, value in details.items()}
    | {state.SHOW: None if style == "icons" else style}
)

with details_results:
    show_details(summary, problems)
with grid_box:
    sections.option_grid(option_grid(aid, summary.personalised))
with figures_box:
    sections.outcomes(aid, summary.personalised.outcomes, style, compared or None)
with values_results:
    show_values(summary, problems)
with sure_results:
    show_sure(summary, problems)
with recording:
    record(summary)
st.page_link("end_of_consultation.py", label="End of consultation: the summary to keep")
st.button("Start a new consultation", on_click=state.new_consultation)
