"""Helpers for the browser tests (tests/browser/): viewports, and checks on a `Visit`."""

from __future__ import annotations

from typing import Any

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


def assert_only_our_host(v: Any) -> None:
    """The page asked no host but the server's."""
    ours = v.base_url.split("/")[2]
    assert v.hosts <= {ours}, f"the page asked other hosts: {v.hosts - {ours}}"


def serious_violations(v: Any, axe_source: str) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each."""
    v.page.add_script_tag(content=axe_source)
    result = v.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def skipped_headings(v: Any) -> list[str]:
    """Each heading that comes more than one level below the one before it (an h3 after an h1)."""
    levels = v.page.evaluate(
        "[...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]"
        ".map(h => [Number(h.tagName[1]), h.textContent.trim()])"
    )
    return [
        f"h{level} {text!r} after h{before}"
        for (before, _), (level, text) in zip([(0, ""), *levels], levels, strict=False)
        if level > before + 1
    ]
