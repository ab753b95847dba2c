"""An aid's Markdown body as HTML for its page: CommonMark with raw HTML switched off."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup


@cache
def _parser() -> MarkdownIt:
    # "js-default" is CommonMark with raw HTML off and links checked against unsafe schemes.
    return MarkdownIt("js-default")


def to_html(text: str) -> Markup:
    """Render `text`; HTML written in it is shown as text, never passed through."""
    return Markup(_parser().render(text))


def list_items(text: str) -> list[str]:
    """The plain text of every list item in `text`, in order (nested items included)."""
    tokens = _parser().parse(text)
    items = []
    for i, token in enumerate(tokens):
        if token.type == "list_item_open":
            inline = next((t for t in tokens[i + 1 :] if t.type == "inline"), None)
            if inline is not None:
                items.append(_plain(inline.children or []))
    return items


def _plain(children: list[Token]) -> str:
    """The words of inline tokens: emphasis marks dropped, line breaks read as spaces."""
    parts = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
    return "".join(parts).strip()
