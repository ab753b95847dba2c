"""Observer OPTION-5, the observer measure of shared decision making used for peer review, read
from its one data file, ``observer.yaml``, and its score.

Its terms of use are not confirmed (see the file's header), so the file names each item in our
own words and :attr:`ObserverMeasure.notice` says so wherever the measure is shown.

Score: the five items (0 to 4 each) are summed, 0 to 20, and rescaled to 0 to 100 by 100/20.

>>> score_option5((2, 1, 3, 0, 4))  # 2 + 1 + 3 + 0 + 4 = 10; 10 x 100 / 20 = 50
ObserverScore(total=10, rescaled=50.0)
>>> load_observer().scale.labels[4]
'Exemplary effort'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from collaborate._tables import OBSERVER_ITEM_IDS

__all__ = [
    "OBSERVER_FILE",
    "ObserverMeasure",
    "ObserverScore",
    "load_observer",
    "score_option5",
]

OBSERVER_FILE = Path(__file__).with_name("observer.yaml")
_LOW, _HIGH = 0, 4
_RAW_MAX = _HIGH * len(OBSERVER_ITEM_IDS)  # 20

_Text = Annotated[str, StringConstraints(min_length=1)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ObserverItem(_Frozen):
    id: _Text
    talk: Literal["team talk", "option talk", "decision talk"]
    label: _Text  # our own words, not the published item


class ObserverScale(_Frozen):
    min: Literal[0]
    max: Literal[4]
    labels: dict[int, _Text]

    @model_validator(mode="after")
    def _every_point_named(self) -> ObserverScale:
        if set(self.labels) != set(range(self.min, self.max + 1)):
            raise ValueError(f"every point 0 to 4 needs a name; got {sorted(self.labels)}")
        return self


class ObserverLicence(_Frozen):
    confirmed: bool
    name: _Text
    summary: _Text
    checked: _Text
    sources_read: tuple[_Text, ...]
    to_do: _Text | None = None


class ObserverScoring(_Frozen):
    raw: _Text
    rescaled: _Text
    complete_only: _Text


class ObserverMeasure(_Frozen):
    name: _Text
    short_name: _Text
    attribution: _Text
    citations: tuple[_Text, ...]
    licence: ObserverLicence
    status: Literal["provisional", "checked"]
    items: tuple[ObserverItem, ...]
    scale: ObserverScale
    scoring: ObserverScoring

    @model_validator(mode="after")
    def _items_in_order(self) -> ObserverMeasure:
        ids = tuple(item.id for item in self.items)
        if ids != OBSERVER_ITEM_IDS:
            raise ValueError(f"the items must be {', '.join(OBSERVER_ITEM_IDS)}; got {ids}")
        if self.status == "checked" and not self.licence.confirmed:
            raise ValueError("status cannot be 'checked' while the licence is not confirmed")
        return self

    @property
    def provisional(self) -> bool:
        return self.status != "checked"

    @property
    def notice(self) -> str:
        """The attribution and the state of the terms of use, to show wherever it is used."""
        terms = self.licence.summary if not self.licence.confirmed else self.licence.name
        return f"{self.attribution} {terms}"


@dataclass(frozen=True)
class ObserverScore:
    total: int  # the sum of the five items, 0 to 20
    rescaled: float  # 0 to 100


def score_option5(items: Sequence[int]) -> ObserverScore:
    """The raw total (0-20) and the rescaled score (0-100) of five items scored 0 to 4."""
    if len(items) != len(OBSERVER_ITEM_IDS):
        raise ValueError(f"OPTION-5 has {len(OBSERVER_ITEM_IDS)} items; got {len(items)} scores")
    for number, point in enumerate(items, start=1):
        if isinstance(point, bool) or not isinstance(point, int) or not _LOW <= point <= _HIGH:
            raise ValueError(f"item {number} must be scored {_LOW} to {_HIGH}; got {point!r}")
    total = sum(items)
    return ObserverScore(total=total, rescaled=total * 100 / _RAW_MAX)


@cache
def load_observer(path: Path = OBSERVER_FILE) -> ObserverMeasure:
    """Read and check the measure's file; a broken file raises ``ValueError`` naming it."""
    try:
        return ObserverMeasure.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValueError) as error:
        raise ValueError(f"{path}: cannot read the Observer OPTION-5 file: {error}") from error
