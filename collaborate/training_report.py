"""Training coverage and peer review for the evaluator, with the disclosure rules applied, and
one clinician's peer reviews beside their collaboRATE.

Every count of clinicians or of reviews from 1 to ``min_count - 1`` (1-9) is hidden, and so is
whatever else would give it back by subtraction (:func:`collaborate.suppression.suppress`, the
same rule as the collaboRATE tables): a site's clinicians = those with the module done + those
without, and the "All sites" row = the sum of the sites. A share or a mean is shown only beside a
count that is shown. A clinician working at two sites counts at each.

The table by clinician names clinicians, as the collaboRATE table by clinician does: it is for
signed-in evaluators only (see docs/collaborate.md, "Limits").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from collaborate.aggregates import Filters
from collaborate.observer import load_observer
from collaborate.peer_review import OBSERVED, PeerReview, SiteReviews, count_by_site, reviews_of
from collaborate.report import Row, Table, score_tables
from collaborate.report_format import HIDDEN_COUNT, count_text, interval_text
from collaborate.suppression import Relation, Rules, suppress
from collaborate.training import GENERAL_MODULE, Who, clinician_sites, completions

__all__ = [
    "ALL_SITES",
    "NOBODY",
    "ClinicianRow",
    "ClinicianView",
    "Coverage",
    "CoverageRow",
    "ReviewRow",
    "ReviewTable",
    "clinician_cells",
    "clinician_rows",
    "clinician_view",
    "coverage",
    "coverage_cells",
    "coverage_from_counts",
    "peer_review_cells",
    "reviews_by_site",
    "reviews_cells",
    "reviews_from_counts",
    "who_of",
]

ALL_SITES = "All sites"
NOBODY = "-"  # a share or mean of nobody: nothing to show, and nothing hidden
_OVERALL = ""  # the overall row's key among the sites


def who_of(filters: Filters) -> Who:
    """The clinicians and sites the dashboard's filters choose (months and aids do not apply)."""
    return Who(clinicians=filters.clinicians, sites=filters.sites)


def _hide(
    rows: Mapping[str, Mapping[str, int]],
    within: Sequence[tuple[str, tuple[str, ...]]],
    rules: Rules,
) -> set[tuple[str, str]]:
    """The (row, count) cells to hide. ``rows`` holds the overall row under ``_OVERALL``; every
    count of the overall row is the sum of the sites', and ``within`` names each row's own
    relations (a total and its parts)."""
    counts = {(key, name): n for key, row in rows.items() for name, n in row.items()}
    sites = [key for key in rows if key != _OVERALL]
    relations = [
        Relation((key, total), tuple((key, part) for part in parts))
        for key in rows
        for total, parts in within
    ]
    if sites:
        names = rows[_OVERALL].keys()
        relations += [Relation((_OVERALL, n), tuple((s, n) for s in sites)) for n in names]
    cost = {cell: 2 * (cell[0] == _OVERALL) for cell in counts}  # the overall row is hidden last
    return suppress(counts, relations, min_count=rules.min_count, cost=cost)


# ------------------------------------------------------------------------------------------
# Training coverage by site


@dataclass(frozen=True)
class CoverageRow:
    """One site's clinicians and how many have done the general module; None where hidden."""

    site: str  # ALL_SITES for the overall row
    clinicians: int | None
    module_done: int | None
    module_not_done: int | None

    @property
    def share(self) -> float | None:
        """The share with the module done, 0 to 1; None where a count is hidden or none."""
        if self.clinicians is None or self.module_done is None or self.clinicians == 0:
            return None
        return self.module_done / self.clinicians


@dataclass(frozen=True)
class Coverage:
    overall: CoverageRow
    sites: tuple[CoverageRow, ...]
    rules: Rules


def coverage(engine: Engine, who: Who | None = None, rules: Rules | None = None) -> Coverage:
    """The share of clinicians with the general module done, by site.

    A site's clinicians are those seen there in collaboRATE, decisions, training or peer
    review; the module counts wherever it was recorded.
    """
    who = who or Who()
    trained = {
        c.clinician
        for c in completions(engine, Who(clinicians=who.clinicians))
        if c.module == GENERAL_MODULE
    }
    by_site: dict[str, tuple[int, int]] = {}
    for clinician, site in clinician_sites(engine, who):
        done, not_done = by_site.get(site, (0, 0))
        by_site[site] = (done + 1, not_done) if clinician in trained else (done, not_done + 1)
    return coverage_from_counts(by_site, rules or Rules())


def coverage_from_counts(by_site: Mapping[str, tuple[int, int]], rules: Rules) -> Coverage:
    """The coverage table of ``by_site`` (site: clinicians with the module done, and without),
    with the disclosure rules applied."""
    rows = {
        site: {"clinicians": done + not_done, "done": done, "not_done": not_done}
        for site, (done, not_done) in by_site.items()
    }
    rows[_OVERALL] = {
        name: sum(row[name] for row in rows.values()) for name in ("clinicians", "done", "not_done")
    }
    hidden = _hide(rows, [("clinicians", ("done", "not_done"))], rules)

    def row(key: str) -> CoverageRow:
        def shown(name: str) -> int | None:
            return None if (key, name) in hidden else rows[key][name]

        label = ALL_SITES if key == _OVERALL else key
        return CoverageRow(label, shown("clinicians"), shown("done"), shown("not_done"))

    sites = sorted(key for key in rows if key != _OVERALL)
    return Coverage(row(_OVERALL), tuple(row(s) for s in sites), rules)


def _percent(row: CoverageRow) -> str:
    if row.clinicians == 0:
        return NOBODY
    return HIDDEN_COUNT if row.share is None else f"{100 * row.share:.0f}%"


def coverage_cells(found: Coverage) -> list[dict[str, str]]:
    """The coverage table as text cells, "All sites" first."""
    return [
        {
            "site": row.site,
            "clinicians": count_text(row.clinicians),
            "module done": count_text(row.module_done),
            "module not done": count_text(row.module_not_done),
            "share with the module done": _percent(row),
        }
        for row in (found.overall, *found.sites)
    ]


# ------------------------------------------------------------------------------------------
# Training by clinician, beside their collaboRATE


@dataclass(frozen=True)
class ClinicianRow:
    clinician: str
    module_on: dt.date | None  # the latest completion of the general module; None: not done
    module_score: tuple[int, int] | None  # its score and out-of
    aid_self_checks: int  # how many aids' self-checks they have completed
    collaborate: dict[int, Row]  # their collaboRATE row, by response format (rules applied)


def clinician_rows(
    engine: Engine, filters: Filters | None = None, rules: Rules | None = None
) -> list[ClinicianRow]:
    """Each clinician's training and collaboRATE, sorted by clinician code."""
    filters, rules = filters or Filters(), rules or Rules()
    who = who_of(filters)
    latest: dict[str, tuple[dt.date, int, int]] = {}
    aids: dict[str, set[str]] = {}
    for done in completions(engine, Who(clinicians=who.clinicians)):  # oldest first
        if done.module == GENERAL_MODULE:
            latest[done.clinician] = (done.completed_on, done.score, done.out_of)
        else:
            aids.setdefault(done.clinician, set()).add(done.module)
    scores: dict[str, dict[int, Row]] = {}
    for table in score_tables(engine, ("clinician",), filters, rules):
        for score_row in table.rows:
            scores.setdefault(score_row.key[0], {})[table.scale_max] = score_row
    clinicians = sorted({c for c, _ in clinician_sites(engine, who)})
    return [
        ClinicianRow(
            clinician=c,
            module_on=latest[c][0] if c in latest else None,
            module_score=latest[c][1:] if c in latest else None,
            aid_self_checks=len(aids.get(c, ())),
            collaborate=scores.get(c, {}),
        )
        for c in clinicians
    ]


def clinician_cells(rows: Sequence[ClinicianRow]) -> list[dict[str, str]]:
    """The table by clinician as text cells; collaboRATE columns per response format present."""
    scales = sorted({s for row in rows for s in row.collaborate}, reverse=True)
    cells = []
    for row in rows:
        module = "not done"
        if row.module_on is not None and row.module_score is not None:
            score, out_of = row.module_score
            module = f"{row.module_on.isoformat()} ({score}/{out_of})"
        line = {
            "clinician": row.clinician,
            "general module": module,
            "aid self-checks done": str(row.aid_self_checks),
        }
        for scale in scales:
            found = row.collaborate.get(scale)
            line[f"collaboRATE responses 0-{scale}"] = count_text(found.responses) if found else "0"
            top = found.score.top_score if found and found.score else None
            line[f"top score % 0-{scale} (95% CI)"] = interval_text(top, 100, ".1f")
        cells.append(line)
    return cells


# ------------------------------------------------------------------------------------------
# Peer review by site


@dataclass(frozen=True)
class ReviewRow:
    site: str  # ALL_SITES for the overall row
    reviews: int | None  # None: hidden
    mean: float | None  # the mean rescaled OPTION-5 score (0-100); None with the count


@dataclass(frozen=True)
class ReviewTable:
    overall: ReviewRow
    sites: tuple[ReviewRow, ...]
    rules: Rules


def reviews_by_site(
    engine: Engine, who: Who | None = None, rules: Rules | None = None
) -> ReviewTable:
    """How many peer reviews each site has and their mean OPTION-5 score (0-100)."""
    return reviews_from_counts(count_by_site(engine, who), rules or Rules())


def reviews_from_counts(found: Sequence[SiteReviews], rules: Rules) -> ReviewTable:
    """The peer review table of ``found`` (one per site), with the disclosure rules applied."""
    totals = {s.site: (s.reviews, s.total_sum) for s in found}
    totals[_OVERALL] = (sum(s.reviews for s in found), sum(s.total_sum for s in found))
    hidden = _hide({key: {"reviews": n} for key, (n, _) in totals.items()}, [], rules)
    measure = load_observer()
    top = measure.scale.max * len(measure.items)  # 20

    def row(key: str) -> ReviewRow:
        n, total = totals[key]
        label = ALL_SITES if key == _OVERALL else key
        if (key, "reviews") in hidden:
            return ReviewRow(label, None, None)
        return ReviewRow(label, n, total * 100 / (top * n) if n else None)

    return ReviewTable(row(_OVERALL), tuple(row(s.site) for s in found), rules)


def _mean(row: ReviewRow) -> str:
    if row.reviews == 0:
        return NOBODY
    return HIDDEN_COUNT if row.mean is None else f"{row.mean:.1f}"


def reviews_cells(table: ReviewTable) -> list[dict[str, str]]:
    """The peer review table as text cells, "All sites" first."""
    return [
        {
            "site": row.site,
            "peer reviews": count_text(row.reviews),
            "mean OPTION-5 (0-100)": _mean(row),
        }
        for row in (table.overall, *table.sites)
    ]


# ------------------------------------------------------------------------------------------
# One clinician: their peer reviews beside their collaboRATE


@dataclass(frozen=True)
class ClinicianView:
    clinician: str
    reviews: list[PeerReview]  # newest first
    collaborate: list[Table]  # their collaboRATE, one table per response format (rules applied)


def clinician_view(engine: Engine, clinician: str, rules: Rules | None = None) -> ClinicianView:
    """A clinician's own peer reviews and collaboRATE scores, to show side by side."""
    return ClinicianView(
        clinician=clinician,
        reviews=reviews_of(engine, clinician),
        collaborate=score_tables(engine, (), Filters(clinicians=(clinician,)), rules),
    )


def peer_review_cells(reviews: Sequence[PeerReview]) -> list[dict[str, str]]:
    """A clinician's reviews as text cells: date, how seen, reviewer, items, scores, feedback."""
    cells = []
    for review in reviews:
        line = {
            "consultation": review.review_date.isoformat(),
            "seen": OBSERVED[review.observed],
            "reviewer": review.reviewer,
        }
        line |= {f"item {n}": str(v) for n, v in enumerate(review.items, start=1)}
        score = review.score
        line["total (0-20)"] = str(score.total)
        line["OPTION-5 (0-100)"] = f"{score.rescaled:.0f}"
        line["feedback"] = review.feedback or ""
        cells.append(line)
    return cells
