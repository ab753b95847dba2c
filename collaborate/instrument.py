"""The collaboRATE instrument, read from its one data file, ``instrument.yaml``.

The items and labels are third-party text under CC BY-NC-ND 3.0 (see the file's header): code
reads them from the file and shows them as they are, and never builds or rewords them.

>>> instrument = load_instrument()
>>> instrument.version("patient").items[0].task
'explaining the health issue'
>>> instrument.scale(9).labels[9]
'Every effort was made'
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

__all__ = [
    "INSTRUMENT_FILE",
    "ITEM_IDS",
    "Instrument",
    "Item",
    "Respondent",
    "Scale",
    "Version",
    "load_instrument",
]

INSTRUMENT_FILE = Path(__file__).with_name("instrument.yaml")

#: The three items, in order. Storage has one column per item under these names.
ITEM_IDS: tuple[str, str, str] = ("item_1", "item_2", "item_3")

#: Who answers: the patient, or a parent or guardian of a child who is the patient.
Respondent = Literal["patient", "parent"]

_Text = Annotated[str, StringConstraints(min_length=1)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Frozen):
    id: _Text
    task: _Text = Field(description="The shared-decision-making task the item asks about.")
    text: _Text


class Version(_Frozen):
    """The wording for one kind of respondent."""

    label: _Text
    provisional: bool = Field(description="True while the wording awaits a check at its source.")
    provenance: _Text
    items: tuple[Item, Item, Item]

    @model_validator(mode="after")
    def _items_in_order(self) -> Version:
        ids = tuple(item.id for item in self.items)
        if ids != ITEM_IDS:
            raise ValueError(f"the items must be {', '.join(ITEM_IDS)} in that order; got {ids}")
        return self


class Scale(_Frozen):
    """A response format from 0 to ``max``; points without a label are shown as numbers."""

    max: Literal[4, 9]
    name: _Text
    labels: dict[int, _Text]
    top_score_rule: _Text

    @model_validator(mode="after")
    def _labels_on_the_scale(self) -> Scale:
        if not {0, self.max} <= set(self.labels) <= set(self.points):
            raise ValueError(
                f"scale 0-{self.max} needs labels for 0 and {self.max}, and only for its points; "
                f"got labels for {sorted(self.labels)}"
            )
        return self

    @property
    def points(self) -> range:
        return range(self.max + 1)

    def label(self, point: int) -> str | None:
        """The published label of a point, or None where the scale has none."""
        return self.labels.get(point)


class Licence(_Frozen):
    name: _Text
    short_name: _Text
    url: _Text


class Instrument(_Frozen):
    name: _Text
    attribution: _Text
    citations: tuple[_Text, ...]
    licence: Licence
    respondents: dict[Respondent, Version]
    scales: tuple[Scale, ...]

    def version(self, respondent: Respondent) -> Version:
        try:
            return self.respondents[respondent]
        except KeyError:
            known = ", ".join(self.respondents)
            raise ValueError(
                f"no {respondent!r} version of {self.name}; use one of: {known}"
            ) from None

    def scale(self, max_point: int) -> Scale:
        """The response format whose top point is ``max_point`` (9 or 4)."""
        for scale in self.scales:
            if scale.max == max_point:
                return scale
        known = ", ".join(f"{s.max} ({s.name})" for s in self.scales)
        raise ValueError(f"no scale with top point {max_point!r}; use one of: {known}")

    @property
    def notice(self) -> str:
        """The attribution and licence, to show wherever the items are shown."""
        return f"{self.attribution} Licence: {self.licence.name} ({self.licence.url})."


@cache
def load_instrument(path: Path = INSTRUMENT_FILE) -> Instrument:
    """Read and check the instrument file; a broken file raises ``ValueError`` naming it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Instrument.model_validate(data)
    except (OSError, yaml.YAMLError, ValueError) as error:
        raise ValueError(f"{path}: cannot read the collaboRATE instrument: {error}") from error
