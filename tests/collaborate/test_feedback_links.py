"""One-time links: unguessable, expiring, tied to a consultation and never to a patient."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import pytest
from feedback_helpers import NOW, TODAY, consultation
from sqlalchemy import Engine, select

from collaborate._tables import links
from collaborate.database import transaction
from collaborate.errors import AnsweredLink, ExpiredLink, UnknownLink
from collaborate.links import create_link, link_url, open_link
from collaborate.responses import Answers, submit_response

pytest_plugins = ["feedback_fixtures"]  # the database fixtures


def test_tokens_are_long_random_and_url_safe(engine: Engine):
    tokens = {create_link(engine, consultation(), now=NOW).token for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert len(token) == 43  # 32 random bytes, base64url: 256 bits
        assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_only_the_tokens_hash_is_stored(engine: Engine):
    link = create_link(engine, consultation(), now=NOW)
    with transaction(engine, write=False) as connection:
        row = connection.execute(select(links)).one()
    stored = " ".join(str(v) for v in row)
    assert link.token not in stored
    assert row.token_hash == hashlib.sha256(link.token.encode()).hexdigest()


def test_a_link_holds_the_consultation_and_nothing_about_the_patient(engine: Engine):
    about = consultation(respondent="parent", scale_max=4)
    link = create_link(engine, about, days=3, now=NOW)
    assert open_link(engine, link.token, now=NOW) == about
    assert link.expires_at == NOW + dt.timedelta(days=3)
    assert {c.name for c in links.columns} == {
        "token_hash", "clinician", "site", "aid", "consultation_date", "respondent", "scale_max",
        "created_at", "expires_at", "answered_at", "submission_id",
    }  # fmt: skip


def test_a_link_expires(engine: Engine):
    link = create_link(engine, consultation(), days=7, now=NOW)
    open_link(engine, link.token, now=NOW + dt.timedelta(days=7, seconds=-1))
    with pytest.raises(ExpiredLink, match="expired"):
        open_link(engine, link.token, now=NOW + dt.timedelta(days=7))


def test_time_zones_are_respected(engine: Engine):
    link = create_link(engine, consultation(), days=1, now=NOW)
    in_london_summer = dt.timezone(dt.timedelta(hours=1))
    almost = (NOW + dt.timedelta(days=1, minutes=30)).replace(tzinfo=in_london_summer)
    open_link(engine, link.token, now=almost)  # 23:30 after creation in UTC


@pytest.mark.parametrize("token", ["", "short", "x" * 43, "A" * 42 + "!", "../../etc/passwd"])
def test_unknown_or_malformed_tokens_are_unknown(engine: Engine, token: str):
    create_link(engine, consultation(), now=NOW)
    with pytest.raises(UnknownLink, match="not known"):
        open_link(engine, token, now=NOW)


def test_an_answered_link_says_so_even_once_expired(engine: Engine):
    link = create_link(engine, consultation(), now=NOW)
    submit_response(engine, link.token, Answers.of(9, 9, 9), now=NOW)
    for later in (NOW, NOW + dt.timedelta(days=30)):
        with pytest.raises(AnsweredLink, match="already been answered"):
            open_link(engine, link.token, now=later)


def test_link_url():
    assert (
        link_url("https://decide.example.nhs.uk/", "abc")
        == "https://decide.example.nhs.uk/feedback/abc"
    )
    assert link_url("http://localhost:8501", "abc") == "http://localhost:8501/feedback/abc"
    for bad in ("decide.example", "ftp://x", "https://x/?a=1", "javascript:alert(1)"):
        with pytest.raises(ValueError, match="base URL"):
            link_url(bad, "abc")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("clinician", "943 476 5919", "looks like an NHS number"),
        ("site", "9434765919", "looks like an NHS number"),
        ("clinician", "", "is not a code"),
        ("clinician", "=cmd|' /C calc'!A0", "is not a code"),
        ("site", "x" * 33, "is not a code"),
        ("aid", "AF Anticoagulation", "is not an aid's slug"),
        ("respondent", "carer", "use one of: patient, parent"),
        ("scale_max", 10, "no scale with top point 10"),
    ],
)
def test_a_consultation_is_checked(field: str, value: object, message: str):
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(consultation(), **{field: value})


def test_link_length_and_date_are_checked(engine: Engine):
    for days in (0, 91):
        with pytest.raises(ValueError, match="1 to 90 days"):
            create_link(engine, consultation(), days=days, now=NOW)
    with pytest.raises(ValueError, match="in the future"):
        create_link(engine, consultation(date=TODAY + dt.timedelta(days=2)), now=NOW)
