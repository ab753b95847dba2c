"""A patient page against a bare Streamlit page, on an emulated slow-4G phone.

Run: .venv/bin/python -m benchmarks.patient_page [--runs 3] (from the repository root)

Starts `decision-aids serve`, then in Debian's Chromium (390 × 844, touch, a phone's user agent;
slow 4G through the DevTools protocol: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip, cache
off) loads, each in a fresh context:

- the patient page /aids/af-anticoagulation with a person's inputs, and
- the Streamlit app at / (one page of text, served by the same process with the same gzip).

For each it prints the bytes transferred (every response, headers included, as the network saw
them), the number of requests, and the times to first contentful paint and to largest contentful
paint: the medians of the runs. Then the ratios. Target (issue 5): the patient page under 100 KB
and under 1.5 s to first content.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from playwright.sync_api import sync_playwright

from tools.background import running_server

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
#: Chrome DevTools' "Slow 4G" (also Lighthouse's mobile throttling): bytes per second and ms.
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8,
    "uploadThroughput": 750 * 1024 / 8,
}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/156.0.0.0 Mobile Safari/537.36"
    ),
}
PERSON = {
    "age": "76",
    "sex": "female",
    "congestive_heart_failure": "no",
    "hypertension": "yes",
    "diabetes": "no",
    "stroke_tia_or_thromboembolism": "no",
    "vascular_disease": "no",
    "anaemia_history": "no",
    "bleeding_history": "no",
    "antiplatelet": "no",
}
PATIENT_PAGE = "/aids/af-anticoagulation?" + urlencode(PERSON)
STREAMLIT_PAGE = "/"
#: Until when a load counts: the patient page is whole at `load`; the Streamlit page when its
#: script has run and its text is on screen.
STREAMLIT_READY = "[data-testid='stApp'][data-test-script-state='notRunning'] h1"
TARGET_BYTES = 100 * 1024
TARGET_FCP_MS = 1500


@dataclass(frozen=True)
class Load:
    bytes: int
    requests: int
    fcp_ms: float
    lcp_ms: float


_PAINTS = """() => new Promise(resolve => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  new PerformanceObserver(list => {
    const entries = list.getEntries();
    resolve([fcp ? fcp.startTime : NaN, entries[entries.length - 1].startTime]);
  }).observe({type: 'largest-contentful-paint', buffered: true});
})"""


def measure(browser: Any, url: str, ready: str | None) -> Load:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    sizes: dict[str, float] = {}

    def finished(event: dict[str, Any]) -> None:
        sizes[event["requestId"]] = event["encodedDataLength"]

    cdp.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="load", timeout=120_000)
    if ready:
        page.wait_for_selector(ready, timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    fcp, lcp = page.evaluate(_PAINTS)
    context.close()
    return Load(int(sum(sizes.values())), len(sizes), fcp, lcp)


def median(loads: list[Load]) -> Load:
    return Load(
        int(statistics.median(x.bytes for x in loads)),
        int(statistics.median(x.requests for x in loads)),
        statistics.median(x.fcp_ms for x in loads),
        statistics.median(x.lcp_ms for x in loads),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="loads of each page (default 3)")
    args = parser.parse_args(argv)
    with running_server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        pages = {
            f"patient page {PATIENT_PAGE.split('?')[0]} with inputs": (PATIENT_PAGE, None),
            "bare Streamlit page /": (STREAMLIT_PAGE, STREAMLIT_READY),
        }
        results = {
            name: median([measure(browser, base + path, ready) for _ in range(args.runs)])
            for name, (path, ready) in pages.items()
        }
        browser.close()
    print(f"Slow 4G phone (1.6 Mbit/s, 150 ms), 390 x 844, cold cache; median of {args.runs}")
    print(f"{'page':<52} {'KB':>8} {'requests':>9} {'FCP s':>7} {'LCP s':>7}")
    for name, load in results.items():
        print(
            f"{name:<52} {load.bytes / 1024:>8.1f} {load.requests:>9} "
            f"{load.fcp_ms / 1000:>7.2f} {load.lcp_ms / 1000:>7.2f}"
        )
    patient, streamlit = results.values()
    print(
        f"Streamlit / patient page: {streamlit.bytes / patient.bytes:.1f}x the bytes, "
        f"{streamlit.fcp_ms / patient.fcp_ms:.1f}x the time to first content, "
        f"{streamlit.lcp_ms / patient.lcp_ms:.1f}x the time to largest content"
    )
    met = patient.bytes < TARGET_BYTES and patient.fcp_ms < TARGET_FCP_MS
    print(
        f"Target, patient page under {TARGET_BYTES // 1024} KB and {TARGET_FCP_MS / 1000:g} s "
        f"to first content: {'met' if met else 'NOT met'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
