"""Server logs without people's answers: the query string is cut from every access-log line.

A patient page's address holds the person's answers (age, conditions, what matters to them).
They must not end up in the server's logs, so the access log keeps only the path.
"""

from __future__ import annotations

import logging

ACCESS_LOGGER = "uvicorn.access"


class WithoutQueryString(logging.Filter):
    """Drop the query string from uvicorn's access-log arguments (client, method, path, ...)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > 2 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def hide_query_strings(logger_name: str = ACCESS_LOGGER) -> None:
    """Install the filter on the access logger, once."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, WithoutQueryString) for f in logger.filters):
        logger.addFilter(WithoutQueryString())
