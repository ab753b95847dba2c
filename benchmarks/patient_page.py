"""The patient page beside the Streamlit consultation page, on a phone, in one run.

Run: .venv/bin/python -m benchmarks.patient_page [--runs 5] (from the repository root)

Starts `decision-aids serve`, then in Debian's Chromium (390 × 844, touch, a phone's user agent,
cache off, slow 4G through the DevTools protocol: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round
trip) loads, each in a fresh context and on two profiles:

- full CPU: the network throttled, the processor not;
- mobile: Lighthouse's mobile profile, the same network and the processor slowed 4×
  (``Emulation.setCPUThrottlingRate``), a cheap phone;

these pages, both for the same example person (:data:`tools.example_answers.INPUTS`):

- the patient page /aids/af-anticoagulation with the person's answers, and
- the consultation page /consultation?aid=af-anticoagulation&... (Streamlit), until it shows the
  person's details.

For each it prints the bytes transferred (every response, headers included, as the network saw
them), the number of requests, the HTML document's own bytes, and the times to first contentful
paint and to largest contentful paint: the medians of the runs. Targets (issue 12): the patient
page under 100 KB and at most 1.0 s to first content on the mobile profile.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from playwright.sync_api import sync_playwright

from decision_aids.content import load_library
from tools.background import running_server
from tools.example_answers import INPUTS, example_answers, example_query

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]
#: Chrome DevTools' "Slow 4G" (Lighthouse's mobile network): bytes per second and ms.
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8,
    "uploadThroughput": 750 * 1024 / 8,
}
#: How many times slower than this machine's processor each profile's phone is.
PROFILES = {"full CPU": 1, "mobile (CPU 4x)": 4}
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
AF = load_library().aids["af-anticoagulation"]
PATIENT_PAGE = f"/aids/{AF.slug}?{example_query(AF)}"
#: The consultation page takes the same person's calculator inputs from its address.
CONSULTATION_PAGE = "/consultation?" + urlencode(
    [("aid", AF.slug), *((k, v) for k, v in example_answers(AF) if k in INPUTS)]
)
#: Until when a load counts: the patient page is whole at `load`; the consultation page when its
#: script has run and it shows the person's details.
CONSULTATION_READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
CONSULTATION_TEXT = "text=Their details:"
TARGET_BYTES = 100 * 1024
TARGET_FCP_MS = {"full CPU": 1500, "mobile (CPU 4x)": 1000}


@dataclass(frozen=True)
class Load:
    bytes: int
    requests: int
    document: int
    fcp_ms: float
    lcp_ms: float


_PAINTS = """() => new Promise(resolve => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  new PerformanceObserver(list => {
    const entries = list.getEntries();
    resolve([fcp ? fcp.startTime : NaN, entries[entries.length - 1].startTime]);
  }).observe({type: 'largest-contentful-paint', buffered: true});
})"""


def measure(browser: Any, url: str, slowdown: int, streamlit: bool) -> Load:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    sizes: dict[str, float] = {}
    document: list[float] = []

    def finished(event: dict[str, Any]) -> None:
        sizes[event["requestId"]] = event["encodedDataLength"]
        if len(sizes) == 1:
            document.append(event["encodedDataLength"])

    cdp.on("Network.loadingFinished", finished)
    page.goto(url, wait_until="load", timeout=180_000)
    if streamlit:
        page.wait_for_selector(CONSULTATION_TEXT, timeout=180_000)
        page.wait_for_selector(CONSULTATION_READY, timeout=180_000)
    page.wait_for_load_state("networkidle", timeout=180_000)
    fcp, lcp = page.evaluate(_PAINTS)
    context.close()
    return Load(int(sum(sizes.values())), len(sizes), int(document[0]), fcp, lcp)


def median(loads: list[Load]) -> Load:
    return Load(
        *(
            int(statistics.median(getattr(x, name) for x in loads))
            for name in ("bytes", "requests", "document")
        ),
        statistics.median(x.fcp_ms for x in loads),
        statistics.median(x.lcp_ms for x in loads),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="loads of each page (default 5)")
    args = parser.parse_args(argv)
    pages = {
        "patient page /aids/af-anticoagulation": (PATIENT_PAGE, False),
        "consultation page /consultation (Streamlit)": (CONSULTATION_PAGE, True),
    }
    results: dict[tuple[str, str], Load] = {}
    with running_server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        for profile, slowdown in PROFILES.items():
            for name, (path, streamlit) in pages.items():
                loads = [
                    measure(browser, base + path, slowdown, streamlit) for _ in range(args.runs)
                ]
                results[profile, name] = median(loads)
        browser.close()
    print(
        f"Slow 4G phone (1.6 Mbit/s, 150 ms), 390 x 844, cold cache; the AF example person; "
        f"median of {args.runs}"
    )
    print(
        f"{'profile':<16} {'page':<44} {'KB':>7} {'requests':>9} {'HTML KB':>8} "
        f"{'FCP s':>6} {'LCP s':>6}"
    )
    for (profile, name), load in results.items():
        print(
            f"{profile:<16} {name:<44} {load.bytes / 1024:>7.1f} {load.requests:>9} "
            f"{load.document / 1024:>8.1f} {load.fcp_ms / 1000:>6.2f} {load.lcp_ms / 1000:>6.2f}"
        )
    met = True
    for profile in PROFILES:
        patient, streamlit = (results[profile, name] for name in pages)
        print(
            f"{profile}: the consultation page takes {streamlit.bytes / patient.bytes:.0f}x the "
            f"bytes and {streamlit.fcp_ms / patient.fcp_ms:.1f}x the time to first content"
        )
        met &= patient.bytes < TARGET_BYTES and patient.fcp_ms <= TARGET_FCP_MS[profile]
    targets = ", ".join(f"{p} {ms / 1000:g} s" for p, ms in TARGET_FCP_MS.items())
    print(
        f"Target, patient page under {TARGET_BYTES // 1024} KB and first content within "
        f"{targets}: {'met' if met else 'NOT met'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
