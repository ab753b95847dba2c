"""The hazard log (docs/safety/hazard-log.yaml): its shape, its risk ratings, and its Markdown page.

    python tools/hazard_log.py          # rewrite docs/safety/hazard-log.md from the YAML
    python tools/hazard_log.py --check  # exit 1 if the page is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

SAFETY = Path(__file__).resolve().parent.parent / "docs" / "safety"
LOG = SAFETY / "hazard-log.yaml"
PAGE = SAFETY / "hazard-log.md"

Severity = str
Likelihood = str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rating(_Strict):
    severity: Severity
    likelihood: Likelihood


class Hazard(_Strict):
    id: Annotated[str, Field(pattern=r"^H\d\d$")]
    title: str
    cause: str
    effect: str
    harm: str
    initial: Rating
    controls: Annotated[list[str], Field(min_length=1)]
    tests: list[str] = []
    residual: Rating
    open: str | None = None


class Matrix(_Strict):
    severities: Annotated[list[str], Field(min_length=5, max_length=5)]
    likelihoods: dict[str, Annotated[list[int], Field(min_length=5, max_length=5)]]

    def rating(self, rating: Rating) -> int:
        """The risk rating (1-5) of a severity and likelihood."""
        return self.likelihoods[rating.likelihood][self.severities.index(rating.severity)]


class HazardLog(_Strict):
    matrix: Matrix
    hazards: Annotated[list[Hazard], Field(min_length=1)]

    @model_validator(mode="after")
    def _known_ratings(self) -> HazardLog:
        for hazard in self.hazards:
            for rating in (hazard.initial, hazard.residual):
                if rating.severity not in self.matrix.severities:
                    raise ValueError(f"{hazard.id}: unknown severity '{rating.severity}'")
                if rating.likelihood not in self.matrix.likelihoods:
                    raise ValueError(f"{hazard.id}: unknown likelihood '{rating.likelihood}'")
            if self.matrix.rating(hazard.residual) > self.matrix.rating(hazard.initial):
                raise ValueError(f"{hazard.id}: the residual risk is above the initial risk")
        return self


def load(path: Path = LOG) -> HazardLog:
    return HazardLog.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def _rated(log: HazardLog, rating: Rating) -> str:
    return f"{rating.severity} × {rating.likelihood} = **{log.matrix.rating(rating)}**"


def page(log: HazardLog) -> str:
    """The hazard log as a Markdown page."""
    lines = [
        "# Hazard log",
        "",
        "Generated from `hazard-log.yaml` by `tools/hazard_log.py`; edit the YAML, not this page.",
        "Ratings are severity × likelihood on the matrix below (1 lowest, 5 highest). They are the",
        "manufacturer's draft: no clinical safety officer has reviewed them yet.",
        "",
        "| likelihood | " + " | ".join(log.matrix.severities) + " |",
        "| --- |" + " --- |" * len(log.matrix.severities),
    ]
    lines += [f"| {k} | " + " | ".join(map(str, v)) + " |" for k, v in log.matrix.likelihoods.items()]
    for hazard in log.hazards:
        lines += [
            "",
            f"## {hazard.id}: {hazard.title}",
            "",
            f"- **Cause**: {hazard.cause}",
            f"- **Effect**: {hazard.effect}",
            f"- **Harm**: {hazard.harm}",
            f"- **Initial risk**: {_rated(log, hazard.initial)}",
            "- **Controls**:",
            *(f"  - {control}" for control in hazard.controls),
        ]
        if hazard.tests:
            lines += ["- **Verified by**:", *(f"  - `{test}`" for test in hazard.tests)]
        lines.append(f"- **Residual risk**: {_rated(log, hazard.residual)}")
        if hazard.open:
            lines.append(f"- **Still open**: {hazard.open}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the page is out of date")
    args = parser.parse_args(argv)
    text = page(load())
    if args.check:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != text:
            print(f"{PAGE} is out of date: run python tools/hazard_log.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
