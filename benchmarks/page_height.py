"""How long each aid's patient page is on a phone: its height at 390 px wide, in screens.

Run: .venv/bin/python -m benchmarks.page_height (from the repository root)

Starts `decision-aids serve`, opens every aid's page with an example person's answers
(:mod:`tools.example_answers`) in Debian's Chromium at 390 × 844 CSS pixels, and prints the
document's height in CSS pixels and in screens of 844 px, with folded sections closed as the page
is first shown and every section laid out (as if scrolled through). `--show bars` (or `words`) opens the pages with that way of showing the numbers.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from playwright.sync_api import sync_playwright

from decision_aids.content import load_library
from tools.background import running_server
from tools.example_answers import example_query

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
WIDTH, HEIGHT = 390, 844


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", default="", help="icons, bars or words (the page's default)")
    args = parser.parse_args(argv)
    aids = load_library().aids
    heights: dict[str, int] = {}
    with running_server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        for slug, aid in aids.items():
            query = example_query(aid) + (f"&show={args.show}" if args.show else "")
            page.goto(f"{base}/aids/{slug}?{query}", wait_until="load")
            # Sections skipped until scrolled near (content-visibility) are measured whole.
            page.evaluate(
                "document.querySelectorAll('*').forEach(e => "
                "{ e.style.contentVisibility = 'visible'; })"
            )
            heights[slug] = page.evaluate("document.documentElement.scrollHeight")
        browser.close()
    print(f"Patient pages at {WIDTH} px wide, with an example person's answers")
    print(f"{'aid':<36} {'height px':>10} {'screens':>8}")
    for slug, height in heights.items():
        print(f"{slug:<36} {height:>10,} {height / HEIGHT:>8.1f}")
    values = list(heights.values())
    print(
        f"{'median':<36} {statistics.median(values):>10,.0f} "
        f"{statistics.median(values) / HEIGHT:>8.1f}"
    )
    print(f"{'longest':<36} {max(values):>10,} {max(values) / HEIGHT:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
