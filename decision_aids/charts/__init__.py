"""Icon arrays that communicate risk well, with the same numbers as bars and as words.

Every chart starts from one outcome's figures (:func:`decision_aids.outcomes.personalise`): the
counts come from :mod:`decision_aids.risk`, :func:`compare` splits them into the groups a chart
shows, :func:`place_icons` is the one function that places icons, and two renderers draw the
result: Altair charts for the apps and standalone SVG for phone pages and print.

Formats a person can switch between, all from the same counts:

- :func:`icon_array_chart` / :func:`icon_array_svg`: an icon array per option, side by side;
- :func:`bar_chart` / :func:`bar_svg`: a bar per option on one scale;
- :func:`text_alternative`: sentences with natural frequencies ("about 7 in 100"), or with
  ``percentages=True`` the same counts as percentages;
- :func:`range_words`: a figure that depends on answers not known, "between 3 and 11 in 100";
- :func:`numbers_needed`: for clinicians, the number needed to treat or harm against doing nothing.

:func:`export` turns any of the charts into PNG, SVG or PDF bytes, offline. The design rules and
their sources are in ``docs/icon-arrays.md``.
"""

from decision_aids.charts._altair import bar_chart, icon_array_chart
from decision_aids.charts._categories import Category, Comparison, Panel, Role, compare
from decision_aids.charts._export import Format, export
from decision_aids.charts._glyph import person_path
from decision_aids.charts._layout import IconGrid, fill_order, grid_shape, place_icons
from decision_aids.charts._palette import BACKGROUND, LOOKS, TEXT, Look, look
from decision_aids.charts._span import range_words
from decision_aids.charts._svg import bar_svg, icon_array_svg
from decision_aids.charts._words import numbers_needed, text_alternative

__all__ = [
    "BACKGROUND",
    "LOOKS",
    "TEXT",
    "Category",
    "Comparison",
    "Format",
    "IconGrid",
    "Look",
    "Panel",
    "Role",
    "bar_chart",
    "bar_svg",
    "compare",
    "export",
    "fill_order",
    "grid_shape",
    "icon_array_chart",
    "icon_array_svg",
    "look",
    "numbers_needed",
    "person_path",
    "place_icons",
    "range_words",
    "text_alternative",
]
