"""Waiting on the Streamlit apps in the browser tests: a page's first run, and each run an action
starts (tests/browser/)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: Run in every page before Streamlit's scripts: notes the time whenever the app is seen running
#: its script (the attribute's old value "running" counts, in case a run began and ended between
#: two looks), so that a wait can tell the run an action started from the runs before it.
WATCH_RUNS = """
new MutationObserver(records => {
  const app = document.querySelector("[data-testid='stApp']");
  if (records.some(r => r.oldValue === "running") || app?.dataset.testScriptState === "running") {
    window.lastRunSeen = Date.now();
  }
}).observe(document, {
  subtree: true, attributes: true, attributeOldValue: true,
  attributeFilter: ["data-test-script-state"],
});
// A busy browser can take a whole run's messages at once and never show "running": so note
// when the server last sent anything, for a wait that falls back on the connection going quiet.
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", () => { window.lastMessage = Date.now(); });
  }
};
"""
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
#: True once the app has no run going, and since `started` either a run was seen or the server
#: answered and has then been quiet for half a second (network idle, as Playwright defines it).
RUN_FINISHED = f"""started => document.querySelector("{IDLE}") !== null
  && (window.lastRunSeen >= started
      || (window.lastMessage >= started && Date.now() - window.lastMessage >= 500))"""


def open_app(v: Any, path: str) -> Any:
    """The Streamlit page at `path`, once its first run has finished."""
    v.page.add_init_script(WATCH_RUNS)
    started = v.page.evaluate("Date.now()")
    v.goto(path)
    v.page.wait_for_function(RUN_FINISHED, arg=started)
    return v.page


@contextmanager
def rerun(page: Any) -> Iterator[None]:
    """Do what makes Streamlit run the page's script again, then wait until that run is over.

    First the run before must be over: a text it shows can appear while it is still running.
    Then waiting for "not running" is not enough: a click reaches the server, and the run
    starts, a moment after the click, so the page reads "not running" in between.
    """
    page.wait_for_selector(IDLE)
    started = page.evaluate("Date.now()")
    yield
    page.wait_for_function(RUN_FINISHED, arg=started)


def radio(page: Any, group: str, answer: str) -> None:
    """Streamlit hides a radio's input; its label takes the click."""
    page.get_by_test_id("stRadio").filter(has_text=group).get_by_text(answer, exact=True).click()
