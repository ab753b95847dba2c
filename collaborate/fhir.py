"""FHIR R4 ``Questionnaire`` and ``QuestionnaireResponse`` resources for collaboRATE.

There is no LOINC code for collaboRATE and none is invented: items and answers use this
project's own identifiers under ``$DECISION_AIDS_FHIR_BASE`` (default
``http://decision-aids.invalid/fhir``; the ``.invalid`` name says the identifiers are not
published anywhere until a deployment sets its own base). One Questionnaire per version
(patient, parent) and response format (0-9, 0-4); the items' text and labels come unchanged
from the instrument file, with its licence in ``copyright``.

The export holds only published responses (:func:`collaborate.aggregates.published_parts`): at
least ``min_count`` share the response's clinician, site, aid, month, mode, version, format and
completeness, so the export never holds a response that the tables leave out.

The export is row-level, so it is also released k-anonymously with k = ``min_count`` (10): a response
carries its consultation month, aid, site and clinician only if at least k responses share all
of them (with the same questionnaire and mode); otherwise the clinician is left off, then the
site, then the aid, then the month, until its group reaches k; a response in a group under k
even then is left out. No response carries anything about the patient.
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine

from collaborate._tables import CELL_KEY
from collaborate.aggregates import Filters, PublishedPart, published_parts
from collaborate.instrument import ITEM_IDS, Respondent, load_instrument
from collaborate.responses import StoredResponse, stored_responses
from collaborate.suppression import Rules

__all__ = [
    "FHIR_BASE_ENV",
    "export_bundle",
    "questionnaire",
    "questionnaire_response",
    "release_context",
]

FHIR_BASE_ENV = "DECISION_AIDS_FHIR_BASE"
_DEFAULT_BASE = "http://decision-aids.invalid/fhir"
_VERSION = "1"
_ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"

#: The context a response may carry, in the order it is given up to reach k.
CONTEXT: tuple[str, ...] = ("month", "aid", "site", "clinician")


def _base() -> str:
    return os.environ.get(FHIR_BASE_ENV, _DEFAULT_BASE).rstrip("/")


def _questionnaire_id(respondent: Respondent, scale_max: int) -> str:
    return f"collaborate-{respondent}-0-{scale_max}"


def _canonical(respondent: Respondent, scale_max: int) -> str:
    return f"{_base()}/Questionnaire/{_questionnaire_id(respondent, scale_max)}"


def _coding(scale_max: int, point: int) -> dict[str, Any]:
    coding: dict[str, Any] = {
        "system": f"{_base()}/CodeSystem/collaborate-0-{scale_max}",
        "code": str(point),
    }
    label = load_instrument().scale(scale_max).label(point)
    if label is not None:
        coding["display"] = label
    return coding


def questionnaire(respondent: Respondent, scale_max: int) -> dict[str, Any]:
    """The Questionnaire for one version and response format."""
    instrument = load_instrument()
    version = instrument.version(respondent)
    scale = instrument.scale(scale_max)
    ident = _questionnaire_id(respondent, scale_max)
    return {
        "resourceType": "Questionnaire",
        "id": ident,
        "url": _canonical(respondent, scale_max),
        "version": _VERSION,
        "name": ident.replace("-", "_"),
        "title": f"{instrument.name} ({version.label.lower()}, {scale.name})",
        "status": "draft" if version.provisional else "active",
        "subjectType": ["Patient"],
        "description": f"{instrument.attribution} Source of the wording: {version.provenance}",
        "copyright": instrument.notice,
        "item": [
            {
                "linkId": item.id,
                "text": item.text,
                "type": "choice",
                "required": False,
                "answerOption": [
                    {
                        "extension": [{"url": _ORDINAL, "valueDecimal": point}],
                        "valueCoding": _coding(scale_max, point),
                    }
                    for point in scale.points
                ],
            }
            for item in version.items
        ],
    }


def _extension(name: str, value: str) -> dict[str, str]:
    return {"url": f"{_base()}/StructureDefinition/consultation-{name}", "valueString": value}


def questionnaire_response(
    response: StoredResponse, context: Sequence[str] = CONTEXT
) -> dict[str, Any]:
    """One response, carrying only the consultation ``context`` fields named (see above)."""
    items = load_instrument().version(response.respondent).items
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{_canonical(response.respondent, response.scale_max)}|{_VERSION}",
        "status": "completed",
        "extension": [
            _extension("mode", response.mode),
            *(_extension(name, getattr(response, name)) for name in context if name != "month"),
        ],
        "item": [
            {
                "linkId": item.id,
                "text": item.text,
                "answer": [{"valueCoding": _coding(response.scale_max, point)}],
            }
            for item, point in zip(
                items, (response.answers.values[i] for i in ITEM_IDS), strict=True
            )
            if point is not None
        ],
    }
    if "month" in context:
        resource["authored"] = response.month  # a FHIR dateTime may stop at the month
    return resource


def release_context(
    responses: Sequence[StoredResponse], k: int
) -> list[tuple[StoredResponse, tuple[str, ...]]]:
    """Each releasable response with the context it may carry (see the module's notes)."""
    released: list[tuple[StoredResponse, tuple[str, ...]]] = []
    remaining = list(responses)
    for keep in range(len(CONTEXT), -1, -1):
        fields = CONTEXT[:keep]
        groups: dict[tuple[object, ...], list[StoredResponse]] = defaultdict(list)
        for r in remaining:
            key = (r.respondent, r.scale_max, r.mode, *(getattr(r, f) for f in fields))
            groups[key].append(r)
        remaining = []
        for members in groups.values():
            if len(members) >= k:
                released.extend((r, fields) for r in members)
            else:
                remaining.extend(members)
    return released


def export_bundle(
    engine: Engine, filters: Filters | None = None, rules: Rules | None = None
) -> dict[str, Any]:
    """A ``collection`` Bundle: the Questionnaires, then the releasable responses."""
    rules = rules or Rules()
    published = published_parts(engine, filters, min_count=rules.min_count)
    chosen = [
        r
        for r in stored_responses(engine, filters)
        if PublishedPart(tuple(getattr(r, name) for name in CELL_KEY), r.answers.complete)
        in published
    ]
    released = release_context(chosen, rules.min_count)
    instrument = load_instrument()
    resources = [
        questionnaire(respondent, scale.max)
        for respondent in instrument.respondents
        for scale in instrument.scales
    ]
    resources += [questionnaire_response(r, fields) for r, fields in released]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": r} for r in resources],
    }
