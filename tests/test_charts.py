"""Tests for decision_aids.charts: every testable rule of an icon array, on real content.

Rule ids (N…, L…, C…, A…) are those of the checklist in the team's research note on icon arrays
and risk communication, section 1.13; each test names the rules it checks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
import xml.etree.ElementTree as ET
from functools import cache
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision_aids import charts, risk
from decision_aids.charts._words import heading
from decision_aids.content import load_library, parse_aid
from decision_aids.model import PASSIVE_KINDS, DecisionAid, Outcome
from decision_aids.outcomes import OutcomeFigures, input_fields, outcome_figures, personalise
from decision_aids.scaffold import new_aid_text

SVG = "{http://www.w3.org/2000/svg}"


# --------------------------------------------------------------------------------------------
# Test data: the aids in content/ and the template every new aid starts from
# --------------------------------------------------------------------------------------------


@cache
def template() -> DecisionAid:
    """The template aid (no treatment vs the treatment), with its placeholders filled in."""
    text = new_aid_text("template-aid", "Template aid", dt.date(2026, 1, 1))
    aid, problems = parse_aid(text, "template-aid.md")
    assert aid is not None, problems
    return aid


#: One person for every calculator an aid may use (fields shared by calculators agree).
PERSON = {
    "risk_percent": "12",
    "age": "76",
    "sex": "female",
    "congestive_heart_failure": "no",
    "hypertension": "yes",
    "diabetes": "no",
    "stroke_tia_or_thromboembolism": "no",
    "vascular_disease": "no",
    "haemoglobin_g_per_l": "125",
    "anaemia_history": "no",
    "bleeding_history": "no",
    "egfr": "55",
    "antiplatelet": "no",
}


@cache
def content_figures() -> list[OutcomeFigures]:
    """Every outcome of the template and of every aid in content/, before and after a person's
    details are given."""
    found = list(personalise(template()).outcomes)
    for aid in load_library().aids.values():
        found += personalise(aid).outcomes
        if aid.personalisation:
            person = {k: v for k, v in PERSON.items() if k in input_fields(aid)}
            found += personalise(aid, person).outcomes
    return found


def _figure_id(figures: OutcomeFigures) -> str:
    return f"{figures.outcome.id}-{'range' if figures.depends_on else 'ready'}"


every_outcome = pytest.mark.parametrize("figures", content_figures(), ids=_figure_id)


def figures_for(
    p_nothing: float | None,
    p_treatment: float | None,
    *,
    event_is: str = "bad",
    denominator: int = 100,
    label: str = "have a stroke",
) -> OutcomeFigures:
    """One outcome of the template aid with the two options' probabilities given directly.

    ``None`` gives an option no figure (``not_known``).
    """

    def figure(p: float | None) -> dict[str, Any]:
        if p is None:
            return {"not_known": "No study has measured this."}
        return {
            "probability": p,
            "source": "example-review",
            "certainty": "moderate",
            "certainty_rated_by": "authors",
        }

    outcome = Outcome.model_validate(
        {
            "id": "stroke",
            "label": label,
            "event_is": event_is,
            "time_frame": "10 years",
            "denominator": denominator,
            "population": "People like you",
            "options": {"no-treatment": figure(p_nothing), "treatment": figure(p_treatment)},
        }
    )
    return outcome_figures(template(), outcome, {})


def statin_like() -> OutcomeFigures:
    """The template's main benefit: 10 in 100 without the treatment, relative risk 0.70."""
    return personalise(template()).outcomes[0]


def svg_root(text: str) -> ET.Element:
    return ET.fromstring(text)


def drawn_people(root: ET.Element) -> tuple[dict[str, int], int]:
    """How many people an SVG's arrays draw in each fill colour, and how many key swatches.

    An array's people are rectangles filled with a pattern of one person per cell: a
    rectangle w wide and h high holds (w / pitch across) x (h / pitch down) people.
    """
    patterns = {p.get("id"): p for p in root.iter(f"{SVG}pattern")}
    counts: dict[str, int] = {}
    swatches = 0
    for group in root.iter(f"{SVG}g"):
        fill = group.get("fill") or ""
        if fill.startswith("url(#"):
            pattern = patterns[fill[5:-1]]
            across, down = float(pattern.get("width")), float(pattern.get("height"))
            colour = pattern.find(f"{SVG}use").get("fill")  # type: ignore[union-attr]
            cells = sum(
                round(float(r.get("width")) / across) * round(float(r.get("height")) / down)
                for r in group
            )
            counts[colour] = counts.get(colour, 0) + cells
        elif group.find(f"{SVG}use") is not None:
            swatches += len(group)
    return counts, swatches


def spec_people(chart: Any) -> list[dict[str, Any]]:
    """The rows of people in an Altair icon chart (one row per group, x and y are lists)."""
    spec = chart.to_dict()
    rows = []
    for layer in spec["layer"]:
        if layer["mark"]["type"] == "point":
            rows += layer["data"]["values"]
    return rows


def array_people(chart: Any) -> dict[str, int]:
    """How many people each option's array holds in an Altair icon chart (keys excluded)."""
    swatch = charts._scene.SWATCH
    spec = chart.to_dict()
    counts: dict[str, int] = {}
    for layer in spec["layer"]:
        if layer["mark"]["type"] != "point":
            continue
        if layer["mark"]["size"] == pytest.approx((swatch * 1.5) ** 2):
            continue
        for row in layer["data"]["values"]:
            counts[row["option"]] = counts.get(row["option"], 0) + len(row["x"])
    return counts


# --------------------------------------------------------------------------------------------
# Colour science for the palette tests
# --------------------------------------------------------------------------------------------

# Machado, Oliveira and Fernandes (2009), "A physiologically-based model for simulation of
# color vision deficiency", IEEE Transactions on Visualization and Computer Graphics
# 15(6):1291-1298, doi:10.1109/TVCG.2009.113: the matrices for severity 1.0 (dichromacy),
# applied to linear RGB.
MACHADO = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
VISIONS = ["typical", *MACHADO]


def linear_rgb(colour: str) -> np.ndarray:
    """sRGB hex to linear RGB (IEC 61966-2-1; the same transfer curve WCAG 2.x uses)."""
    channels = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance: 0.2126 R + 0.7152 G + 0.0722 B of linear RGB."""
    return float(linear_rgb(colour) @ [0.2126, 0.7152, 0.0722])


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio (L1 + 0.05) / (L2 + 0.05), not rounded."""
    high, low = sorted([relative_luminance(a), relative_luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def simulate(colour: str, vision: str) -> np.ndarray:
    """Linear RGB as seen with a colour-vision deficiency (Machado 2009), clipped to 0-1."""
    rgb = linear_rgb(colour)
    return rgb if vision == "typical" else np.clip(np.array(MACHADO[vision]) @ rgb, 0, 1)


def lab(rgb: np.ndarray) -> np.ndarray:
    """CIE L*a*b* (D65) of linear sRGB."""
    to_xyz = np.array(
        [
            [0.4124564, 0.3575761, 0.1804375],
            [0.2126729, 0.7151522, 0.0721750],
            [0.0193339, 0.1191920, 0.9503041],
        ]
    )
    t = to_xyz @ rgb / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e76(a: str, b: str, vision: str) -> float:
    """CIE76 colour difference between two colours as someone with ``vision`` sees them."""
    return float(np.linalg.norm(lab(simulate(a, vision)) - lab(simulate(b, vision))))


def identifying_colour(look: charts.Look) -> str:
    """The colour that draws a look's person: the fill if filled, else the outline."""
    return look.stroke if look.outline else look.fill


def test_colour_science_matches_published_values() -> None:
    # WCAG's own examples: black on white is 21:1; #767676 on white is the 4.5:1 grey.
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    # Machado's matrices keep greys grey (each row sums to 1).
    for vision in MACHADO:
        assert simulate("#808080", vision) == pytest.approx(linear_rgb("#808080"), abs=1e-3)
    # CIELAB of white is (100, 0, 0).
    assert lab(linear_rgb("#ffffff")) == pytest.approx([100, 0, 0], abs=0.01)


# --------------------------------------------------------------------------------------------
# Layout: grid shapes, fill order, contiguous blocks (L3, L9, L10)
# --------------------------------------------------------------------------------------------


def test_grids_are_10_by_10_and_50_by_20() -> None:  # L10
    assert charts.grid_shape(100) == (10, 10)
    assert charts.grid_shape(1000) == (50, 20)
    with pytest.raises(ValueError, match="100 or 1000"):
        charts.grid_shape(50)


@pytest.mark.parametrize("denominator", [100, 1000])
def test_fill_order_visits_every_cell_once(denominator: int) -> None:
    cells = charts.fill_order(denominator)
    columns, rows = charts.grid_shape(denominator)
    assert cells.shape == (denominator, 2)
    assert len({tuple(c) for c in cells.tolist()}) == denominator
    assert cells[:, 0].max() == columns - 1
    assert cells[:, 1].max() == rows - 1


def test_fill_order_is_reading_order_in_blocks_of_100() -> None:  # L9
    cells = charts.fill_order(1000)
    for block in range(10):
        chunk = cells[block * 100 : (block + 1) * 100]
        left, top = (block % 5) * 10, (block // 5) * 10
        expected = [(left + i % 10, top + i // 10) for i in range(100)]
        assert chunk.tolist() == [list(c) for c in expected]
    assert charts.fill_order(100).tolist() == [[i % 10, i // 10] for i in range(100)]


def _assert_contiguous(grid: charts.IconGrid, counts: list[int], denominator: int) -> None:
    order = charts.fill_order(denominator)
    starts = np.concatenate([[0], np.cumsum(counts)])
    for i in range(len(counts)):
        run = order[starts[i] : starts[i + 1]]
        mine = np.stack([grid.column, grid.row], axis=1)[grid.category == i]
        assert sorted(map(tuple, run.tolist())) == sorted(map(tuple, mine.tolist()))
        # Within any row of a block, a category is one unbroken stretch of columns.
        for (row, block), cells in itertools.groupby(
            sorted(mine.tolist(), key=lambda c: (c[1], c[0] // 10, c[0])),
            key=lambda c: (c[1], c[0] // 10),
        ):
            columns = [c[0] for c in cells]
            assert columns == list(range(columns[0], columns[0] + len(columns))), (row, block)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([100, 1000]),
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=4).filter(lambda p: sum(p) > 0),
)
def test_categories_are_contiguous_runs_in_reading_order(
    denominator: int, weights: list[float]
) -> None:  # L1, L3
    proportions = np.array(weights) / sum(weights)
    counts = risk.natural_frequencies(proportions, denominator).tolist()
    grid = charts.place_icons(counts, denominator)
    assert grid.category.size == denominator
    assert np.bincount(grid.category, minlength=len(counts)).tolist() == counts
    _assert_contiguous(grid, counts, denominator)


def test_place_icons_refuses_counts_that_do_not_add_up() -> None:  # L1
    with pytest.raises(ValueError, match="adding up to 100"):
        charts.place_icons([10, 89], 100)
    with pytest.raises(ValueError, match="0 or more"):
        charts.place_icons([-1, 101], 100)


# --------------------------------------------------------------------------------------------
# Counts: from risk's natural frequencies, summing to the denominator (L1, L2, N8)
# --------------------------------------------------------------------------------------------


def _check_counts(comparison: charts.Comparison, figures: OutcomeFigures) -> None:
    d = comparison.denominator
    by_option = {f.option.id: f for f in figures.figures}
    for panel in comparison.panels:
        figure = by_option[panel.option.id]
        if figure.count is None:
            assert panel.categories == ()
            assert panel.message
            continue
        assert panel.count == figure.count == int(risk.frequency(figure.probability, d))
        counts = {c.role: c.count for c in panel.categories}
        assert sum(counts.values()) == d
        assert all(isinstance(c.count, int) and c.count >= 0 for c in panel.categories)
        events = sum(c.count for c in panel.categories if c.happens)
        assert events == panel.count
        reference = comparison.reference
        if reference is not None and panel is not reference:
            assert reference.count is not None
            # The reference's events are those who have it anyway plus those the option spares.
            spared = counts.get(charts.Role.FEWER, 0)
            assert counts[charts.Role.ANYWAY] + spared == reference.count


@every_outcome
def test_counts_of_every_aid_come_from_risk_and_sum(figures: OutcomeFigures) -> None:  # L1 L2
    _check_counts(charts.compare(figures), figures)


@settings(max_examples=300, deadline=None)
@given(
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.sampled_from(["bad", "good"]),
    st.sampled_from([100, 1000]),
)
def test_counts_for_any_pair_of_risks(p0: float, p1: float, event_is: str, d: int) -> None:
    figures = figures_for(p0, p1, event_is=event_is, denominator=d)
    comparison = charts.compare(figures)
    _check_counts(comparison, figures)
    treated = comparison.panels[1]
    change = [c for c in treated.categories if c.effect]
    if p1 != p0:
        (difference,) = change
        assert difference.count == abs(int(risk.frequency(p1, d)) - int(risk.frequency(p0, d)))
        fewer_is_good = event_is == "bad"
        assert (difference.effect == "helped") == ((p1 < p0) == fewer_is_good)
    else:
        assert change == []


def test_categories_agree_with_the_options_own_counts() -> None:  # L2
    # 10.5% and 7.4% are 11 and 7 in 100. Re-rounding the category shares (7.4, 3.1, 89.5)
    # would give 7, 3, 90 and contradict the 11; subtracting the counts gives 7, 4, 89.
    figures = figures_for(0.105, 0.074)
    assert [f.count for f in figures.figures] == [11, 7]
    assert risk.natural_frequencies([0.074, 0.031, 0.895], 100).tolist() == [7, 3, 90]
    treated = charts.compare(figures).panels[1]
    assert [(c.role, c.count) for c in treated.categories] == [
        (charts.Role.ANYWAY, 7),
        (charts.Role.FEWER, 4),
        (charts.Role.NONE, 89),
    ]


def test_bad_and_good_events_split_into_the_right_groups() -> None:
    roles = {
        ("bad", 0.10, 0.07): (charts.Role.FEWER, "helped"),  # an event prevented
        ("bad", 0.01, 0.05): (charts.Role.MORE, "harmed"),  # an extra event caused
        ("good", 0.50, 0.60): (charts.Role.MORE, "helped"),  # extra people better
        ("good", 0.60, 0.50): (charts.Role.FEWER, "harmed"),  # fewer people better
    }
    for (event_is, p0, p1), (role, effect) in roles.items():
        treated = charts.compare(figures_for(p0, p1, event_is=event_is)).panels[1]
        difference = treated.categories[1]
        assert (difference.role, difference.effect) == (role, effect)
        assert difference.count == round(abs(p1 - p0) * 100)


def test_without_a_doing_nothing_figure_options_are_shown_alone() -> None:
    comparison = charts.compare(figures_for(None, 0.2))
    assert comparison.reference is None
    roles = [c.role for c in comparison.panels[1].categories]
    assert roles == [charts.Role.EVENT, charts.Role.NONE]
    assert comparison.panels[0].message == "No study has measured this."


def test_the_reference_is_a_doing_nothing_option() -> None:
    comparison = charts.compare(statin_like())
    assert comparison.reference is comparison.panels[0]
    assert comparison.reference.option.kind in PASSIVE_KINDS


def test_options_choose_which_arrays_to_show() -> None:
    figures = statin_like()
    only = charts.compare(figures, ["treatment"])
    assert [p.option.id for p in only.panels] == ["treatment"]
    assert only.reference is None
    with pytest.raises(ValueError, match="no-treatment, treatment"):
        charts.compare(figures, ["statin"])


# --------------------------------------------------------------------------------------------
# Same denominator, grid and scale for compared options (L4, L6, L7, L8, L11)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("denominator", [100, 1000])
def test_compared_arrays_share_denominator_grid_and_scale(denominator: int) -> None:  # L4
    figures = figures_for(0.3, 0.2, denominator=denominator)
    scene = charts._scene.build_scene(charts.compare(figures))
    arrays: dict[str, list[charts._scene.People]] = {}
    for people in scene.people:
        if not people.in_key:
            arrays.setdefault(people.option, []).append(people)
    assert len(arrays) == 2
    shapes = []
    for groups in arrays.values():
        assert len({g.height for g in groups}) == 1
        x = np.concatenate([g.x for g in groups])
        y = np.concatenate([g.y for g in groups])
        assert x.size == denominator
        shapes.append((groups[0].height, sorted(zip(x - x.min(), y - y.min(), strict=True))))
    assert shapes[0] == shapes[1]  # the same cells, the same size, person for person
    # The Altair chart draws every array with one point size on the same x and y scales.
    spec = charts.icon_array_chart(figures).to_dict()
    points = [layer for layer in spec["layer"] if layer["mark"]["type"] == "point"]
    assert len(points) == 2  # the arrays' people, and the keys' people
    for layer in points:
        assert layer["encoding"]["x"]["scale"] == spec["layer"][0]["encoding"]["x"]["scale"]
        assert layer["encoding"]["y"]["scale"] == spec["layer"][0]["encoding"]["y"]["scale"]


def test_arrays_of_100_sit_side_by_side_with_grids_level() -> None:  # L4
    scene = charts._scene.build_scene(charts.compare(statin_like()))
    tops = {p.option: p.y.min() for p in scene.people if not p.in_key}
    lefts = {p.option: p.x.min() for p in scene.people if not p.in_key}
    assert len(set(tops.values())) == 1
    assert len(set(lefts.values())) == 2


def test_one_glyph_for_everyone_and_it_is_a_person() -> None:  # L6, L7, L8
    svg = svg_root(charts.icon_array_svg(statin_like()))
    paths = {p.get("id"): p.get("d") for p in svg.iter(f"{SVG}path")}
    used = {p.find(f"{SVG}use").get("href") for p in svg.iter(f"{SVG}pattern")}  # type: ignore[union-attr]
    assert len(used) == 1
    assert paths[used.pop().lstrip("#")] == charts.person_path(18)
    spec = charts.icon_array_chart(statin_like()).to_dict()
    shapes = {
        layer["mark"].get("shape") for layer in spec["layer"] if layer["mark"]["type"] == "point"
    }
    assert shapes == {charts.person_path()}
    for panel in charts.compare(statin_like()).panels:
        assert len(panel.categories) <= 3  # L6


# --------------------------------------------------------------------------------------------
# Palette: WCAG contrast, colour-vision deficiency, black and white (C1-C6)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("look", charts.LOOKS.values(), ids=lambda s: s.key)
def test_every_icon_colour_has_3_to_1_contrast_with_the_background(look: charts.Look) -> None:
    assert contrast_ratio(identifying_colour(look), charts.BACKGROUND) >= 3.0  # C2, unrounded


def test_text_has_4_5_to_1_contrast() -> None:  # C4
    assert contrast_ratio(charts.TEXT, charts.BACKGROUND) >= 4.5


# The smallest CIE76 difference allowed between two category colours, in any vision. About 2.3
# is a just-noticeable difference; 20 is plainly different at a glance.
MIN_DELTA_E = 20.0


@pytest.mark.parametrize("vision", VISIONS)
def test_category_colours_stay_apart_with_colour_blindness(vision: str) -> None:  # C1, C6
    colours = {identifying_colour(look) for look in charts.LOOKS.values()}
    assert len(colours) == 4
    for a, b in itertools.combinations(sorted(colours), 2):
        assert delta_e76(a, b, vision) >= MIN_DELTA_E, (vision, a, b)


#: The looks one outcome can use: a bad event is prevented (hollow) or caused (filled); a good
#: one is gained (filled) or lost (hollow).
BAD_LOOKS = ("event", "harmed-event", "helped-no-event", "no-event")
GOOD_LOOKS = ("event", "helped-event", "harmed-no-event", "no-event")
TOGETHER = sorted(
    {pair for keys in (BAD_LOOKS, GOOD_LOOKS) for pair in itertools.combinations(keys, 2)}
)


@pytest.mark.parametrize(("a", "b"), TOGETHER)
def test_categories_differ_by_more_than_colour(a: str, b: str) -> None:
    # C3, C5, L5: filled vs hollow, or at least 3:1 in lightness (kept in greyscale), or a
    # twice-as-thick outline with a tint.
    a, b = charts.LOOKS[a], charts.LOOKS[b]
    if bool(a.outline) != bool(b.outline):
        return
    if not a.outline:
        assert contrast_ratio(a.fill, b.fill) >= 3.0
    else:
        thin, thick = sorted([a, b], key=lambda s: s.outline)
        assert thick.outline >= 2 * thin.outline
        assert relative_luminance(thick.fill) < relative_luminance(thin.fill)


def test_looks_follow_the_categories() -> None:
    treated = charts.compare(figures_for(0.10, 0.07)).panels[1]
    keys = [charts.look(c).key for c in treated.categories]
    assert keys == ["event", "helped-no-event", "no-event"]
    treated = charts.compare(figures_for(0.50, 0.60, event_is="good")).panels[1]
    assert [charts.look(c).key for c in treated.categories] == ["event", "helped-event", "no-event"]


# --------------------------------------------------------------------------------------------
# Standalone SVG (A1, A2, A5, A6)
# --------------------------------------------------------------------------------------------


@every_outcome
def test_svg_beside_its_words_is_hidden_from_screen_readers(figures: OutcomeFigures) -> None:
    for draw in (charts.icon_array_svg, charts.bar_svg):
        root = svg_root(draw(figures, words_beside=True))
        assert root.get("aria-hidden") == "true"
        assert root.get("focusable") == "false"
        assert root.get("role") is None
        assert root.find(f"{SVG}title") is None
        assert root.find(f"{SVG}desc") is None
        assert drawn_people(root) == drawn_people(svg_root(draw(figures)))


@every_outcome
def test_svg_is_accessible_and_self_contained(figures: OutcomeFigures) -> None:
    for text in (charts.icon_array_svg(figures), charts.bar_svg(figures)):
        root = svg_root(text)  # parses
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        assert root.get("viewBox")
        assert root.get("width") == "100%"
        assert root.get("height") is None
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None
        assert title.text
        assert desc is not None
        assert desc.text == charts.text_alternative(figures)
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        _assert_self_contained(text, root)


def _assert_self_contained(text: str, root: ET.Element) -> None:
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        assert tag not in {"script", "foreignObject", "image", "a", "iframe"}
        for name, value in element.attrib.items():
            assert not name.startswith("on"), name
            if name.endswith("href"):
                assert value.startswith("#"), value
        assert element.get("aria-label") is None  # A2: no per-icon labels
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", text)
    assert "javascript:" not in text
    assert "@import" not in text


@pytest.mark.parametrize("denominator", [100, 1000])
def test_svg_draws_every_person_once(denominator: int) -> None:  # L1, L2
    figures = figures_for(0.123, 0.456, denominator=denominator)
    root = svg_root(charts.icon_array_svg(figures))
    counts, swatches = drawn_people(root)
    assert swatches == sum(len(p.categories) for p in charts.compare(figures).panels)
    assert sum(counts.values()) == 2 * denominator
    # Fills: 0.123 without treatment, 0.456 with (a harm): the events the treatment does not
    # cause are drawn in the event look in both panels, 0.123 of the denominator each.
    event = charts.LOOKS["event"].fill
    assert counts[event] == 2 * int(risk.frequency(0.123, denominator))


@pytest.mark.parametrize("denominator", [100, 1000])
def test_svg_draws_each_person_in_the_cell_the_layout_gives(denominator: int) -> None:
    figures = figures_for(0.123, 0.456, denominator=denominator)
    scene = charts._scene.build_scene(charts.compare(figures))
    placed = {
        (p.look.fill, round(float(x), 1), round(float(y), 1))
        for p in scene.people
        if not p.in_key
        for x, y in zip(p.x, p.y, strict=True)
    }
    root = svg_root(charts.icon_array_svg(figures))
    patterns = {p.get("id"): p for p in root.iter(f"{SVG}pattern")}
    drawn = set()
    for group in root.iter(f"{SVG}g"):
        if not (group.get("fill") or "").startswith("url(#"):
            continue
        pattern = patterns[group.get("fill")[5:-1]]  # type: ignore[index]
        dx, dy = float(pattern.get("width")), float(pattern.get("height"))
        fill = pattern.find(f"{SVG}use").get("fill")  # type: ignore[union-attr]
        for rect in group:
            left, top = map(float, re.findall(r"[-\d.]+", rect.get("transform")))
            for i in range(round(float(rect.get("width")) / dx)):
                for j in range(round(float(rect.get("height")) / dy)):
                    drawn.add((fill, round(left + (i + 0.5) * dx, 1), round(top + (j + 0.5) * dy, 1)))
    assert drawn == placed
    assert len(drawn) == 2 * denominator


def test_svg_is_small() -> None:
    figures = figures_for(0.3, 0.2, denominator=1000)
    text = charts.icon_array_svg(figures)
    # Two arrays of 1,000: at most 3 rectangles per block of 100 for each of 3 groups, each
    # about 70 characters, where one element per person was 60 characters each.
    assert text.count("<rect") <= 1 + 2 * 10 * 3 * 3
    assert len(text) < 12_000
    assert len(charts.icon_array_svg(statin_like())) < 8_000


def test_svg_key_names_every_group_with_its_number() -> None:  # A6
    root = svg_root(charts.icon_array_svg(statin_like()))
    words = [t.text for t in root.iter(f"{SVG}text")]
    text = " ".join(words)
    assert "Helped: 3 will not have the problem the treatment prevents because of it" in text
    assert "7 will have the problem the treatment" in text
    assert "90 will not have the problem the" in text


def test_svg_says_why_an_option_has_no_figure() -> None:
    root = svg_root(charts.icon_array_svg(figures_for(None, 0.2)))
    text = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "No study has measured this." in text
    counts, swatches = drawn_people(root)
    assert (sum(counts.values()), swatches) == (100, 2)


def test_svg_ids_are_unique_per_outcome() -> None:
    texts = [charts.icon_array_svg(f) for f in personalise(template()).outcomes]
    ids = [e.get("id") for t in texts for e in svg_root(t).iter() if e.get("id")]
    assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------------------------
# Altair chart (A2, A5, L5)
# --------------------------------------------------------------------------------------------


@every_outcome
def test_altair_chart_has_description_and_no_mark_aria(figures: OutcomeFigures) -> None:
    for chart in (charts.icon_array_chart(figures), charts.bar_chart(figures)):
        spec = chart.to_dict()
        assert spec["description"] == charts.text_alternative(figures)
        for layer in spec["layer"]:
            assert layer["mark"]["aria"] is False
            for channel in layer["encoding"].values():
                assert "legend" not in channel or channel["legend"] is None


@every_outcome
def test_altair_arrays_hold_the_same_counts_as_risk(figures: OutcomeFigures) -> None:
    people = array_people(charts.icon_array_chart(figures))
    for figure in figures.figures:
        expected = figures.denominator if figure.count is not None else 0
        assert people.get(figure.option.name, 0) == expected


def test_altair_tooltips_name_the_option_and_group() -> None:
    rows = spec_people(charts.icon_array_chart(statin_like()))
    tips = {(r["option"], r["tip"]) for r in rows}
    assert (
        "The treatment",
        "Helped: 3 will not have the problem the treatment prevents because of it",
    ) in tips
    spec = charts.icon_array_chart(statin_like()).to_dict()
    tooltip = spec["layer"][0]["encoding"]["tooltip"]
    assert [t["field"] for t in tooltip] == ["option", "tip"]


def test_difference_is_highlighted_in_the_chart() -> None:  # L5
    rows = spec_people(charts.icon_array_chart(statin_like()))
    looks = {r["look"] for r in rows if r["option"] == "The treatment"}
    assert "helped-no-event" in looks
    helped = charts.LOOKS["helped-no-event"]
    anyway = charts.LOOKS["event"]
    assert helped.fill != anyway.fill  # colour
    assert helped.outline > 0 == anyway.outline  # and a second cue: hollow with a thick outline


def test_bar_chart_shows_each_option_on_one_scale() -> None:
    spec = charts.bar_chart(statin_like()).to_dict()
    (bars,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rect"]
    rows = bars["data"]["values"]
    for option in ("No treatment for now", "The treatment"):
        mine = [r for r in rows if r["option"] == option]
        assert min(r["x"] for r in mine) == pytest.approx(charts._scene.MARGIN)
        width = sum(r["x2"] - r["x"] for r in mine)
        assert width == pytest.approx(charts._scene.BAR_WIDTH)


# --------------------------------------------------------------------------------------------
# Words (A3, N1, N3, N8, N9, N10)
# --------------------------------------------------------------------------------------------


def test_text_alternative_reads_as_the_issue_asks() -> None:  # A3, N3, N10
    assert charts.text_alternative(statin_like()) == (
        "Out of 100 people like you, over the next year:\n"
        "No treatment for now: about 10 will have the problem the treatment prevents, "
        "and about 90 will not.\n"
        "The treatment: about 7 will have the problem the treatment prevents, and about 93 "
        "will not. Compared with “No treatment for now”, about 3 in 100 are helped by it: "
        "3 fewer will have the problem the treatment prevents."
    )


def test_text_alternative_for_a_harm_and_a_good_outcome() -> None:
    harm = charts.text_alternative(personalise(template()).outcomes[1])
    assert "about 4 in 100 are harmed by it: 4 more will have a side effect." in harm
    good = charts.text_alternative(figures_for(0.5, 0.6, event_is="good", label="have less pain"))
    assert "about 10 in 100 are helped by it: 10 more will have less pain." in good


def test_percentages_are_the_same_counts() -> None:  # N1 alternative format
    text = charts.text_alternative(figures_for(0.266, 0.271, denominator=1000), percentages=True)
    assert "about 26.6% will have a stroke, and about 73.4% will not" in text
    assert "about 0.5% are harmed by it" in text
    assert text.startswith("Of people like you, over the next 10 years:")


def test_a_small_risk_is_fewer_than_1_in_100_never_0() -> None:  # N9
    text = charts.text_alternative(figures_for(0.004, 0.002))
    assert "fewer than 1 in 100 will have a stroke" in text
    assert "0 in 100" not in text
    assert "less than 1%" in charts.text_alternative(figures_for(0.004, 0.002), percentages=True)
    key = " ".join(
        t.text or ""
        for t in svg_root(charts.icon_array_svg(figures_for(0.004, 0.002))).iter(f"{SVG}text")
    )
    assert "Fewer than 1 in 100 will have a stroke" in key


def test_no_difference_is_said_in_words() -> None:
    text = charts.text_alternative(figures_for(0.26, 0.26))
    assert "it makes no difference to how many will have a stroke" in text


@every_outcome
def test_every_frequency_is_a_whole_number_on_the_outcomes_denominator(
    figures: OutcomeFigures,
) -> None:  # N1, N8, A3
    text = charts.text_alternative(figures)
    d = figures.denominator
    assert text.startswith(f"Out of {d} people like you, {figures.time_frame.phrase}:")
    assert not re.search(r"\d\.\d", text.replace(str(figures.time_frame), ""))
    for denominator in re.findall(r"\bin (\d+)\b", text):
        assert int(denominator) == d
    for figure in figures.figures:
        if figure.count is not None and 0 < figure.count < d:
            assert f"about {figure.count} will {figures.outcome.label}" in text
            assert f"about {d - figure.count} will not" in text


def test_a_figure_over_answers_not_known_is_said_as_a_range() -> None:
    # A woman of 76, nothing else known: CHA2DS2-VASc 3 (age 2, female 1) to 9. Friberg 2012:
    # 3.2 strokes per 100 years at score 3, 12.2 at score 9 (the highest of scores 3-9).
    # Without a blood thinner: 1 - exp(-0.032) = 3.15% -> 3 in 100; 1 - exp(-0.122) = 11.49%
    # -> 11 in 100. Warfarin, relative risk 0.36: 1.13% -> 1 and 4.13% -> 4.
    af = load_library().aids["af-anticoagulation"]
    stroke = personalise(af, {"age": "76", "sex": "female"}).outcomes[0]
    lines = charts.text_alternative(stroke).splitlines()
    assert lines[1] == (
        "Some figures are a range, because these answers are not known: heart failure, high "
        "blood pressure, diabetes, previous stroke, TIA or blood clot and vascular disease."
    )
    label = "have a stroke caused by a blood clot (ischaemic stroke)"
    assert lines[2] == (
        f"No blood thinner: Between 3 and 11 in 100 will {label}, depending on the answers "
        "not known."
    )
    assert lines[4] == (
        f"Warfarin: Between 1 and 4 in 100 will {label}, depending on the answers not known."
    )
    assert all(panel.categories == () for panel in charts.compare(stroke).panels)
    assert charts.numbers_needed(stroke) == []


@pytest.mark.parametrize(
    ("span", "counts", "words"),
    [
        ((0.031, 0.115), (3, 11), "between 3 and 11"),
        ((0.0004, 0.0021), (0, 2), "between fewer than 1 and 2"),
        ((0.0, 0.0021), (0, 2), "between 0 and 2"),
        ((0.031, 0.034), (3, 3), "3"),
    ],
)
def test_range_words(span, counts, words) -> None:
    figure = statin_like().figures[0]
    ranged = dataclasses.replace(figure, probability=None, count=None, span=span, count_span=counts)
    assert charts.range_words(ranged) == words


# --------------------------------------------------------------------------------------------
# Export through vl-convert, offline
# --------------------------------------------------------------------------------------------

MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-", "svg": b"<svg"}


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_export_gives_files_of_the_right_kind(fmt: charts.Format) -> None:
    figures = statin_like()
    for chart in (charts.icon_array_chart(figures), charts.icon_array_svg(figures)):
        data = charts.export(chart, fmt)
        assert len(data) > 1000
        assert data.startswith(MAGIC[fmt])
    if fmt == "svg":
        root = svg_root(charts.export(charts.bar_chart(figures), "svg").decode())
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text.startswith("How many out of 100 people")  # type: ignore[union-attr]
        assert root.find(f"{SVG}desc").text == charts.text_alternative(figures)  # type: ignore[union-attr]


def test_export_never_fetches_anything() -> None:
    import altair as alt

    remote = alt.Chart(alt.UrlData("https://example.org/data.csv")).mark_point().encode(x="a:Q")
    with pytest.raises(ValueError, match="not allowed"):
        charts.export(remote, "png")
    with pytest.raises(ValueError, match="png, svg, pdf"):
        charts.export(charts.icon_array_chart(statin_like()), "gif")  # type: ignore[arg-type]


def test_charts_are_the_same_every_time() -> None:
    # No clock, no randomness: a handout printed twice is the same handout.
    assert charts.icon_array_svg(statin_like()) == charts.icon_array_svg(statin_like())
    first, second = (charts.icon_array_chart(statin_like()).to_dict() for _ in range(2))
    assert first == second


def test_a_neutral_outcome_shows_a_difference_but_no_help_or_harm():
    # Having a back operation (discectomy) is neither good nor bad in itself: a difference in how
    # many have one is "more" or "fewer", never helped or harmed.
    aid = load_library().aids["low-back-pain-sciatica"]
    figures = next(o for o in personalise(aid).outcomes if o.outcome.event_is == "neutral")
    comparison = charts.compare(figures)
    differences = [
        c
        for p in comparison.panels
        for c in p.categories
        if c.role in (charts.Role.MORE, charts.Role.FEWER)
    ]
    assert differences
    assert all(c.effect is None for c in differences)
    words = charts.text_alternative(figures)
    assert "because of it" in words
    assert "helped" not in words
    assert "harmed" not in words


def test_a_window_reads_once_in_the_heading():
    # Issue 18: the label "leave hospital alive" with the window "until leaving hospital" gave
    # "... will leave hospital alive until leaving hospital". The label now reads with the window.
    aid = load_library().aids["cpr-and-treatment-escalation"]
    headings = [heading(charts.compare(o)) for o in personalise(aid).outcomes]
    assert headings[0] == "How many out of 100 people like you will be alive when leaving hospital"
    assert headings[1] == (
        "How many out of 100 people like you will be alive with good brain function "
        "when leaving hospital"
    )
    assert all(h.count("hospital") == 1 for h in headings if h.endswith("hospital"))
