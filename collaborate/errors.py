"""The errors the feedback library raises, each saying what happened and what to do."""

from __future__ import annotations

__all__ = [
    "AnsweredLink",
    "ExpiredLink",
    "FeedbackError",
    "LinkError",
    "StorageUnavailable",
    "UnknownLink",
]


class FeedbackError(Exception):
    """Base of every error raised on purpose by :mod:`collaborate`."""


class LinkError(FeedbackError):
    """A survey link that cannot be answered; the page says which kind, without blame."""


class UnknownLink(LinkError):
    def __init__(self) -> None:
        super().__init__(
            "this survey link is not known: check it was copied in full, or ask the practice "
            "for a new one"
        )


class ExpiredLink(LinkError):
    def __init__(self) -> None:
        super().__init__("this survey link has expired: ask the practice for a new one if needed")


class AnsweredLink(LinkError):
    def __init__(self) -> None:
        super().__init__("this survey link has already been answered; each link can be used once")


class StorageUnavailable(FeedbackError):
    """The database could not be reached or written; nothing was saved, and it is safe to retry.

    Every write is one transaction, so when this is raised no part of the write was kept: show
    the person their answers again and ask them to try again in a minute.
    """
