"""The evaluator dashboard: its logic (collaborate.dashboard) on both databases, and its page
(apps/evaluator.py) run by Streamlit's AppTest on a temporary SQLite database.

Nobody reaches scores without signing in; a wrong password is refused; signed in, the tables,
the funnel plot, the trend and the downloads appear, with small groups hidden.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from feedback_helpers import add_responses, sign_in_page
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from collaborate import dashboard
from collaborate.accounts import set_password, sign_out
from collaborate.aggregates import Filters
from collaborate.database import DATABASE_URL_ENV, connect
from collaborate.decisions import record_decision
from collaborate.report import OptionCost

pytest_plugins = ["feedback_fixtures"]  # the database fixtures

PAGE = Path(__file__).resolve().parents[2] / "apps" / "evaluator.py"
PASSWORD = "correct horse battery staple"
FEB, MAR = dt.date(2026, 2, 10), dt.date(2026, 3, 10)
AID = "af-anticoagulation"
#: Codes no other text on the page could contain.
SHOWN, HIDDEN, SECOND, UNSCORED = "CLINA001", "CLINB002", "CLINC003", "CLIND004"


def _fill(engine: Engine) -> Engine:
    """One clinician with a score, one too small to count, and two with counts but no score."""
    add_responses(engine, 30, (9, 9, 9), clinician=SHOWN, date=MAR)
    add_responses(engine, 5, (9, 9, 9), clinician=HIDDEN, date=MAR)
    add_responses(engine, 12, (3, 4, 5), clinician=SECOND, date=FEB)
    add_responses(engine, 14, (5, 5, 5), clinician=UNSCORED, date=FEB)
    for option, n in (("doac", 15), ("warfarin", 12), (None, 11)):
        for _ in range(n):
            record_decision(
                engine, aid=AID, option=option, site="Y02345", clinician=SHOWN, date=MAR
            )
    return engine


@pytest.fixture
def filled(engine: Engine) -> Engine:
    return _fill(engine)


class _NoSecretsFile(Mapping[str, Any]):
    """What st.secrets does when there is no secrets.toml: any look-up raises."""

    def __getitem__(self, key: str) -> Any:
        raise FileNotFoundError("No secrets found")

    def __iter__(self) -> Iterator[str]:
        raise FileNotFoundError("No secrets found")

    def __len__(self) -> int:
        raise FileNotFoundError("No secrets found")


OIDC = {"auth": {"redirect_uri": "https://x.example/oauth2callback", "cookie_secret": "s"}}


# ------------------------------------------------------------------------------------------
# Who may look


def test_local_accounts_unless_openid_connect_is_configured(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    for secrets in ({}, _NoSecretsFile()):
        assert dashboard.access(engine, secrets) == dashboard.Access(
            dashboard.SignIn.LOCAL, dashboard.NO_ACCOUNT
        )
    set_password(engine, "evaluator", PASSWORD)
    assert dashboard.access(engine, {}) == dashboard.Access(dashboard.SignIn.LOCAL)

    monkeypatch.setattr(dashboard, "find_spec", lambda name: None)
    no_library = dashboard.access(engine, OIDC)
    assert no_library.method is dashboard.SignIn.OIDC
    assert no_library.problem is not None
    assert "pip install 'streamlit[auth]'" in no_library.problem
    monkeypatch.setattr(dashboard, "find_spec", lambda name: object())
    assert dashboard.access(engine, OIDC) == dashboard.Access(dashboard.SignIn.OIDC)


def test_who_is_signed_in_depends_on_the_method_in_use():
    local = dashboard.Access(dashboard.SignIn.LOCAL)
    oidc = dashboard.Access(dashboard.SignIn.OIDC)
    broken = dashboard.Access(dashboard.SignIn.LOCAL, dashboard.NO_ACCOUNT)
    logged_in = {"is_logged_in": True, "email": "eve@nhs.example", "name": "Eve"}
    assert dashboard.signed_in_as(local, "evaluator", {}) == "evaluator"
    assert dashboard.signed_in_as(local, None, logged_in) is None  # OIDC is not the method here
    assert dashboard.signed_in_as(oidc, "evaluator", {"is_logged_in": False}) is None
    assert dashboard.signed_in_as(oidc, None, logged_in) == "eve@nhs.example"
    assert dashboard.signed_in_as(broken, "evaluator", logged_in) is None


# ------------------------------------------------------------------------------------------
# What they chose and what they see


def test_the_filters_offer_what_the_database_holds(filled: Engine):
    offered = dashboard.options(filled)
    assert offered.clinicians == (SHOWN, SECOND, UNSCORED)  # HIDDEN's 5 count nowhere
    assert offered.sites == ("Y02345",)
    assert offered.aids == (AID,)
    assert offered.months == ("2026-02", "2026-03")
    assert offered.scales == (9,)
    assert dashboard.scale_names(offered.scales) == {9: "10-point (0 to 9)"}


def test_a_choice_becomes_filters():
    assert dashboard.choose() == Filters()
    assert dashboard.choose(
        clinicians=[SHOWN], sites=["Y02345"], aids=[AID], months=("2026-03", "2026-02"), scale=4
    ) == Filters(
        clinicians=(SHOWN,),
        sites=("Y02345",),
        aids=(AID,),
        first_month="2026-02",
        last_month="2026-03",
        scale_max=4,
    )


def _all_text(shown: dashboard.Report) -> str:
    tables = [dashboard.score_table(t) for t in (*shown.tables, *shown.months)]
    return json.dumps([tables, dashboard.decision_table(shown.decisions)])


def test_scores_with_small_groups_hidden(filled: Engine):
    shown = dashboard.report(filled, Filters(), "clinician", costs={})
    (table,) = shown.tables  # one response format
    groups = {row["group"]: row for row in dashboard.score_table(table)}
    assert list(groups) == ["All", SHOWN, SECOND, UNSCORED]  # HIDDEN's 5 count nowhere
    assert groups[SHOWN]["responses"] == "30"
    assert groups[SHOWN]["top score % (95% CI)"].startswith("100.0 (")
    assert groups[SECOND]["responses"] == "12"
    assert groups[UNSCORED]["responses"] == "14"
    assert groups[UNSCORED]["top score % (95% CI)"] == "[u]"  # under 25 complete
    assert groups["All"]["responses"] == "56"  # 30 + 12 + 14
    assert dashboard.funnel_figure(table) is not None
    assert dashboard.trend_figure(shown.months[0]) is not None
    assert '"5"' not in _all_text(shown)


def test_filters_narrow_every_table(filled: Engine):
    shown = dashboard.report(filled, dashboard.choose(clinicians=[SECOND]), "site", costs={})
    (row,) = [r for r in dashboard.score_table(shown.tables[0]) if r["group"] == "All"]
    assert row["responses"] == "12"
    assert dashboard.funnel_figure(shown.tables[0]) is None  # no unit with a score to place
    assert dashboard.trend_figure(shown.months[0]) is None
    assert shown.decisions == []  # the decisions were all by another clinician
    nobody = dashboard.report(filled, dashboard.choose(clinicians=[HIDDEN]), "site", costs={})
    assert (nobody.tables, nobody.months, nobody.decisions) == ([], [], [])


def test_decisions_with_their_cost_beside_the_scores(filled: Engine):
    costs = {(AID, "doac"): OptionCost(100.0, "test"), (AID, "warfarin"): OptionCost(50.0, "test")}
    shown = dashboard.report(filled, Filters(), "aid", costs=costs)
    (row,) = dashboard.decision_table(shown.decisions)
    assert (row["aid"], row["month"], row["decisions"]) == (AID, "2026-03", "38")
    assert row["chosen (cost)"] == "doac 15 (£1,500.00); warfarin 12 (£600.00); not decided yet 11"
    assert row["total cost"] == "£2,100.00"
    assert row["top score % 0-9 (95% CI)"].startswith("100.0 (")  # 35 complete, all top


def test_the_exports_follow_the_same_rules(filled: Engine):
    shown = dashboard.report(filled, Filters(), "clinician", costs={})
    scores, decisions, fhir = dashboard.exports(filled, shown)
    rows = list(csv.reader(io.StringIO(scores.make())))
    by_group = {row[1]: row for row in rows[1:]}
    assert HIDDEN not in by_group
    assert decisions.file_name.endswith(".csv")
    assert "not decided yet" in decisions.make()
    bundle = json.loads(fhir.make())
    answers = [
        e for e in bundle["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse"
    ]
    # the published responses: 30 + 12 + 14; the 5 of the smallest group count nowhere
    assert len(answers) == 56
    assert HIDDEN not in json.dumps(bundle)
    assert fhir.mime == "application/fhir+json"


def test_the_status_says_when_nothing_can_be_shown_yet(engine: Engine):
    fewer = "Fewer than 10 responses so far, so no scores or counts are shown yet."
    assert dashboard.status(engine) == "No responses or decisions are recorded yet."
    add_responses(engine, 9, (9, 9, 9), clinician=SHOWN, date=MAR)
    assert dashboard.status(engine) == fewer
    add_responses(engine, 3, (9, 9, 9), clinician=SECOND, date=MAR)  # 12, but 9 and 3
    assert dashboard.status(engine).startswith("No 10 responses yet share a clinician")
    for _ in range(10):  # ten decisions alike can be shown: the page shows them
        record_decision(engine, aid=AID, option="doac", site="Y02345", clinician=SHOWN, date=MAR)
    assert dashboard.status(engine) is None


def test_comparing_by_something_else_is_refused(filled: Engine):
    with pytest.raises(ValueError, match="compare by one of clinician, site, aid, mode"):
        dashboard.report(filled, Filters(), "respondent", costs={})


# ------------------------------------------------------------------------------------------
# The page, run by Streamlit's AppTest


@pytest.fixture
def page_database(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setenv(DATABASE_URL_ENV, sqlite_url)
    engine = connect(sqlite_url)
    yield engine
    engine.dispose()


def _page(**secrets: Any) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.secrets.update(secrets)
    return at


def _shown(at: AppTest) -> str:
    """Everything the page shows, main area and sidebar, as the text of its elements."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if getattr(node, "proto", None) is not None:
            parts.append(str(node.proto))
        children = getattr(node, "children", None) or {}
        for child in children.values() if isinstance(children, dict) else children:
            walk(child)

    walk(at.main)
    walk(at.sidebar)
    return "\n".join(parts)


def _no_scores(at: AppTest) -> None:
    shown = _shown(at)
    assert not at.exception
    for secret in (SHOWN, SECOND, "top score", "Downloads"):
        assert secret not in shown
    assert len(at.table) == len(at.get("vega_lite_chart")) == len(at.download_button) == 0


def _links(at: AppTest) -> dict[str, str]:
    """The page's link buttons: label to address."""
    return {b.proto.label: b.proto.url for b in at.get("link_button")}


def _signed_in(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> str:
    return sign_in_page(monkeypatch, engine, PASSWORD)


def test_with_no_account_the_page_says_how_to_set_one_and_shows_nothing(
    page_database: Engine,
):
    _fill(page_database)
    at = _page().run()
    assert [e.value for e in at.error] == [dashboard.NO_ACCOUNT]
    assert _links(at) == {}
    _no_scores(at)


def test_nobody_reaches_scores_without_signing_in_on_the_servers_page(page_database: Engine):
    _fill(page_database)
    set_password(page_database, "evaluator", PASSWORD)
    at = _page().run()
    assert _links(at) == {"Sign in": "/evaluator/sign-in"}
    assert len(at.text_input) == 0  # no password typed into Streamlit
    _no_scores(at)


def test_signed_in_the_tables_charts_and_download_links_appear(
    page_database: Engine, monkeypatch: pytest.MonkeyPatch
):
    _fill(page_database)
    set_password(page_database, "evaluator", PASSWORD)
    token = _signed_in(monkeypatch, page_database)
    at = _page().run()
    assert not at.exception
    assert not at.error
    scores, decisions = at.table[:2]  # then the training tables
    shown = scores.value.set_index("group")
    assert list(shown.index) == ["All", SHOWN, SECOND, UNSCORED]  # HIDDEN's 5 count nowhere
    assert shown.loc[SHOWN, "responses"] == "30"
    assert shown.loc[UNSCORED, "top score % (95% CI)"] == "[u]"
    assert decisions.value["decisions"].tolist() == ["38"]
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert [c["title"] for c in charts] == [
        "Top score by clinician, with 95% and 99.8% limits (exact binomial)",
        "Top score by month, with 95% intervals",
    ]
    # no download button (its file would sit at /media/<hex>, open to anyone with the address):
    # links to the server's own route, which checks the sign-in
    assert len(at.download_button) == 0
    links = _links(at)
    assert links["Scores by clinician (CSV)"] == (
        "/evaluator/exports/collaborate-scores-by-clinician.csv?by=clinician&from=2026-02&to=2026-03"
    )  # the months slider spans both months
    assert links["Sign out"] == "/evaluator/sign-out"
    assert "Signed in as evaluator" in _shown(at)

    assert HIDDEN not in at.multiselect[0].options  # not even offered
    at.multiselect[0].select(SECOND).run()
    (scores,) = at.table[:1]
    assert scores.value.set_index("group").loc["All", "responses"] == "12"
    assert f"&clinician={SECOND}&" in _links(at)["Scores by clinician (CSV)"]

    sign_out(page_database, token)  # as the server's sign-out page does
    at.run()
    _no_scores(at)
    assert _links(at) == {"Sign in": "/evaluator/sign-in"}


def test_fewer_than_ten_responses_so_far_rather_than_a_table(
    page_database: Engine, monkeypatch: pytest.MonkeyPatch
):
    add_responses(page_database, 9, (9, 9, 9), clinician=SHOWN, date=MAR)
    set_password(page_database, "evaluator", PASSWORD)
    _signed_in(monkeypatch, page_database)
    at = _page().run()
    assert [i.value for i in at.info] == [
        "Fewer than 10 responses so far, so no scores or counts are shown yet."
    ]
    _no_scores(at)
    # 9 + 3 = 12 responses, but no 10 in one cell: 9 at one site, 3 at another
    add_responses(page_database, 3, (9, 9, 9), clinician=SHOWN, date=MAR, site="OTHER1")
    at.run()
    assert at.info[0].value.startswith("No 10 responses yet share a clinician, site, aid")
    _no_scores(at)


def test_openid_connect_signs_in_instead_of_local_accounts(
    page_database: Engine, monkeypatch: pytest.MonkeyPatch
):
    _fill(page_database)
    set_password(page_database, "evaluator", PASSWORD)
    monkeypatch.setattr(dashboard, "find_spec", lambda name: object())  # as if Authlib were here
    _signed_in(monkeypatch, page_database)  # a local sign-in does not count
    at = _page(**OIDC)
    at.user = {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == ["Sign in"]
    assert len(at.text_input) == 0  # no password form
    _no_scores(at)

    at.user = {"is_logged_in": True, "email": "eve@nhs.example"}
    at.run()
    assert not at.exception
    assert len(at.table) == 2 + 3  # scores and decisions; training by site and clinician, reviews
    assert "Signed in as eve@nhs.example" in _shown(at)


def test_openid_connect_without_its_library_shows_nothing(
    page_database: Engine, monkeypatch: pytest.MonkeyPatch
):
    _fill(page_database)
    monkeypatch.setattr(dashboard, "find_spec", lambda name: None)
    at = _page(**OIDC)
    at.user = {"is_logged_in": True, "email": "eve@nhs.example"}
    at.run()
    assert "pip install 'streamlit[auth]'" in at.error[0].value
    _no_scores(at)
