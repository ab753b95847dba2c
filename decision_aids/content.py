"""Read decision-aid content files (`content/*.md`) into validated models.

A file is YAML front matter between ``---`` lines, then a Markdown body under fixed ``##`` headings.
Every problem found is reported with the file, the line, the field and what to do, and one broken
file never stops the others from loading: :func:`load_library` returns the good aids and the problems.
"""

from __future__ import annotations

import difflib
import gc
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Literal

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin
from pydantic import ValidationError

from decision_aids.figure_checks import figure_errors
from decision_aids.model import DecisionAid, FieldPath, reference_errors
from decision_aids.plain_errors import plain_error

#: The body's `##` headings, in the order they must appear, and whether each is required.
BODY_SECTIONS: tuple[tuple[str, bool], ...] = (
    ("About the condition", True),
    ("Your options", True),
    ("What happens if I do nothing", False),
    ("Questions to ask", True),
    ("Where this information comes from", True),
)

_FIGURE_TAGS = frozenset({"baseline", "effect", "probability", "not_known"})

Severity = Literal["error", "warning"]
Locator = Callable[[FieldPath], int | None]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file, said so that an author can fix it."""

    file: str
    line: int | None
    field: str
    message: str
    hint: str = ""
    severity: Severity = "error"
    check: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        check = f" [{self.check}]" if self.check else ""
        hint = f" → {self.hint}" if self.hint else ""
        return f"{where}: {self.severity}{check}: {self.field}: {self.message}{hint}"


@dataclass
class Library:
    """The aids that loaded, by slug, and every problem found on the way."""

    aids: dict[str, DecisionAid] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    _locators: dict[str, Locator] = field(default_factory=dict, repr=False)

    def line_of(self, slug: str, path: FieldPath) -> int | None:
        """The line in the aid's file where the field at `path` is (or its nearest parent)."""
        locator = self._locators.get(slug)
        return locator(path) if locator else None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def content_dir() -> Path:
    """Where the bundled content lives: inside the installed package, or in the source checkout."""
    override = os.environ.get("DECISION_AIDS_CONTENT")
    if override:
        return Path(override)
    packaged = Path(__file__).parent / "_content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "content"


class _SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader (libyaml's, several times faster, where PyYAML has it).

    Dates stay text, so that pydantic checks them and a bad date is reported on its own line.
    """

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


@cache
def _markdown() -> MarkdownIt:
    """CommonMark with front matter, block level only: inline parsing is done where needed."""
    return MarkdownIt("commonmark").use(front_matter_plugin).disable("inline")


@cache
def _inline_markdown() -> MarkdownIt:
    return MarkdownIt("commonmark")


def _has_inline_html(token: Token) -> bool:
    """Whether an inline token holds raw HTML (parsed inline only when it could)."""
    return "<" in token.content and any(
        child.type == "html_inline"
        for inline in _inline_markdown().parseInline(token.content)
        for child in inline.children or []
    )


class _ContentError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems


def _decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise _ContentError(
            [
                Problem(
                    name,
                    line,
                    "(file)",
                    f"byte {error.start} (0x{raw[error.start]:02x}) is not UTF-8",
                    "save the file as UTF-8 (most editors have 'Save with encoding → UTF-8')",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def _front_matter(tokens: list[Token], name: str) -> Token:
    if not tokens or tokens[0].type != "front_matter":
        raise _ContentError(
            [
                Problem(
                    name,
                    1,
                    "(front matter)",
                    "the file does not start with front matter",
                    "begin the file with a line '---', the YAML fields, then another '---' line "
                    "(run `decision-aids new SLUG` for a template)",
                )
            ]
        )
    return tokens[0]


def _yaml_node(text: str, name: str, first_line: int) -> tuple[yaml.Node, Any]:
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise _ContentError(
                [
                    Problem(
                        name,
                        first_line,
                        "(front matter)",
                        "the front matter is empty",
                        "fill it in; `decision-aids new SLUG` writes a template",
                    )
                ]
            )
        data = loader.construct_document(node)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = first_line + mark.line if mark else first_line
        problem = getattr(error, "problem", None) or str(error)
        raise _ContentError(
            [
                Problem(
                    name,
                    line,
                    "(YAML)",
                    f"the front matter is not valid YAML: {problem}",
                    "check the indentation (spaces, not tabs), that each 'key: value' has a space after "
                    "the colon, and put quotes round text containing ': ' or starting with a symbol",
                )
            ]
        ) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise _ContentError(
            [
                Problem(
                    name,
                    first_line,
                    "(front matter)",
                    "the front matter must be a set of 'field: value' lines",
                    "start with `slug: your-slug`; see docs/authoring.md",
                )
            ]
        )
    duplicates = list(_duplicate_keys(node, ()))
    if duplicates:
        raise _ContentError(
            [
                Problem(
                    name,
                    first_line + key.start_mark.line,
                    _dotted((*path, key.value)),
                    f"'{key.value}' is given twice",
                    "keep one of them: YAML would silently use only the last",
                )
                for path, key in duplicates
            ]
        )
    return node, data


def _duplicate_keys(node: yaml.Node, path: FieldPath) -> Iterator[tuple[FieldPath, yaml.Node]]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                yield path, key
            seen.add(key.value)
            yield from _duplicate_keys(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _duplicate_keys(item, (*path, i))


def _node_line(node: yaml.Node, path: Iterable[str | int]) -> int:
    """The 0-based line of the deepest node that `path` reaches."""
    line = node.start_mark.line
    for part in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == str(part)), None)
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            child = node.value[part]
        if child is None:
            break
        node, line = child, child.start_mark.line
    return line


def _clean_path(loc: Iterable[str | int]) -> FieldPath:
    """Drop the union tag pydantic puts after an option key (`doac.effect.effect` → `doac.effect`)."""
    parts = list(loc)
    return tuple(
        part
        for i, part in enumerate(parts)
        if not (
            i >= 2
            and parts[i - 2] == "options"
            and isinstance(parts[i - 1], str)
            and part in _FIGURE_TAGS
        )
    )


def _dotted(path: Iterable[str | int]) -> str:
    return ".".join(str(p) for p in path) or "(top)"


@cache
def _all_field_names() -> frozenset[str]:
    names: set[str] = set()

    def walk(schema: Any) -> None:
        if isinstance(schema, dict):
            names.update(schema.get("properties", {}))
            for value in schema.values():
                walk(value)
        elif isinstance(schema, list):
            for value in schema:
                walk(value)

    walk(DecisionAid.model_json_schema())
    return frozenset(names)


def _pydantic_problems(
    error: ValidationError, node: yaml.Node, name: str, first_line: int
) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = item["loc"]
        path = _clean_path(loc)
        message, hint = plain_error(item, path)
        if item["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(loc[-1]), _all_field_names(), n=1)
            message = f"'{loc[-1]}' is not a field here"
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else "remove it, or check `decision-aids schema` for the fields allowed here"
            )
        problems.append(
            Problem(name, first_line + _node_line(node, path), _dotted(path), message, hint)
        )
    return problems


def _body_sections(
    tokens: list[Token], lines: list[str], name: str, body_offset: int
) -> tuple[dict[str, str], dict[str, int], list[Problem]]:
    """Split the body by its `##` headings; report raw HTML and headings out of place."""
    problems: list[Problem] = []
    headings: list[tuple[str, int, int]] = []  # title, heading line (0-based), first content line
    for i, token in enumerate(tokens):
        line = token.map[0] if token.map else None
        if token.type == "html_block" or (token.type == "inline" and _has_inline_html(token)):
            problems.append(
                Problem(
                    name,
                    line + 1 if line is not None else None,
                    "(body)",
                    "raw HTML is not allowed in content",
                    "use Markdown only (e.g. **bold**, lists, [links](https://…)); "
                    "HTML is not shown to patients",
                )
            )
        if token.type == "heading_open" and token.tag == "h2":
            headings.append((tokens[i + 1].content.strip(), token.map[0], token.map[1]))
        elif token.type == "heading_open" and token.tag == "h1":
            problems.append(
                Problem(
                    name,
                    token.map[0] + 1,
                    "(body)",
                    "a '#' heading is not used in the body",
                    "the title comes from `title:`; use '##' section headings",
                )
            )
    first = headings[0][1] if headings else len(lines)
    stray = next((n for n in range(body_offset, first) if lines[n].strip()), None)
    if stray is not None:
        problems.append(
            Problem(
                name,
                stray + 1,
                "(body)",
                "there is text before the first '##' heading",
                "put it under '## About the condition'",
            )
        )
    sections: dict[str, str] = {}
    heading_lines: dict[str, int] = {}
    allowed = [title for title, _ in BODY_SECTIONS]
    for n, (title, start, content_start) in enumerate(headings):
        end = headings[n + 1][1] if n + 1 < len(headings) else len(lines)
        if title not in allowed:
            close = difflib.get_close_matches(title, allowed, n=1)
            problems.append(
                Problem(
                    name,
                    start + 1,
                    "(body)",
                    f"'## {title}' is not a section heading of the format",
                    f"did you mean '## {close[0]}'?"
                    if close
                    else "use: " + ", ".join(f"'## {t}'" for t in allowed),
                )
            )
            continue
        if title in sections:
            problems.append(
                Problem(
                    name,
                    start + 1,
                    "(body)",
                    f"'## {title}' appears twice",
                    "merge the two sections",
                )
            )
        sections[title] = "\n".join(lines[content_start:end]).strip()
        heading_lines[title] = start + 1
    order = [t for t in allowed if t in sections]
    if list(sections) != order:
        problems.append(
            Problem(
                name,
                body_offset + 1,
                "(body)",
                "the sections are out of order",
                "put them in this order: " + ", ".join(order),
            )
        )
    for title, required in BODY_SECTIONS:
        if required and not sections.get(title):
            problems.append(
                Problem(
                    name,
                    body_offset + 1,  # the first line of the body
                    "(body)",
                    f"the section '## {title}' is missing or empty",
                    f"add '## {title}' with some text",
                )
            )
    return sections, heading_lines, problems


def parse_aid(raw: bytes | str, name: str) -> tuple[DecisionAid | None, list[Problem]]:
    """Parse one content file's text; return the aid (or None) and the problems found."""
    aid, problems, _ = _parse(raw, name)
    return aid, problems


def _no_lines(_: FieldPath) -> int | None:
    return None


def _parse(raw: bytes | str, name: str) -> tuple[DecisionAid | None, list[Problem], Locator]:
    try:
        text = raw if isinstance(raw, str) else _decode(raw, name)
        if not text.strip():
            return (
                None,
                [
                    Problem(
                        name,
                        None,
                        "(file)",
                        "the file is empty",
                        "run `decision-aids new SLUG` to start from a template",
                    )
                ],
                _no_lines,
            )
        tokens = _markdown().parse(text)
        front = _front_matter(tokens, name)
        first_line = 2  # the front matter's first field is on the line after '---'
        node, data = _yaml_node(front.content, name, first_line)
    except _ContentError as error:
        return None, error.problems, _no_lines

    def locate(path: FieldPath) -> int:
        if path and path[0] == "body":
            return heading_lines.get(str(path[1]) if len(path) > 1 else "", front.map[1] + 1)
        return first_line + _node_line(node, path)

    problems: list[Problem] = []
    if "body" in data:
        problems.append(
            Problem(
                name,
                first_line + _node_line(node, ["body"]),
                "body",
                "the body is not a front-matter field",
                "write the explanations below the closing '---' under '##' headings",
            )
        )
        data.pop("body")
    lines = text.splitlines()
    sections, heading_lines, body_problems = _body_sections(tokens[1:], lines, name, front.map[1])
    problems += body_problems
    try:
        aid = DecisionAid.model_validate(
            {**data, "body": sections}, context={"defer_references": True}
        )
    except ValidationError as error:
        return None, problems + _pydantic_problems(error, node, name, first_line), locate
    for path, message, hint in reference_errors(aid) or figure_errors(aid):
        problems.append(
            Problem(name, first_line + _node_line(node, path), _dotted(path), message, hint)
        )
    stem = Path(name).stem
    if stem != aid.slug and stem != "<text>":
        problems.append(
            Problem(
                name,
                first_line + _node_line(node, ["slug"]),
                "slug",
                f"the slug '{aid.slug}' does not match the file name '{stem}.md'",
                f"rename the file to {aid.slug}.md, or change the slug",
            )
        )
    if any(p.severity == "error" for p in problems):
        return None, problems, locate
    return aid, problems, locate


def _load(path: Path) -> tuple[DecisionAid | None, list[Problem], Locator]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        return (
            None,
            [
                Problem(
                    str(path),
                    None,
                    "(file)",
                    f"cannot be read: {error.strerror}",
                    "check the path and the file's permissions",
                )
            ],
            _no_lines,
        )
    return _parse(raw, str(path))


def load_aid(path: Path | str) -> tuple[DecisionAid | None, list[Problem]]:
    aid, problems, _ = _load(Path(path))
    return aid, problems


def content_files(paths: Iterable[Path | str]) -> list[Path]:
    """Expand directories to their `*.md` files (sorted); keep files as given."""
    files: list[Path] = []
    for path in map(Path, paths):
        files.extend(sorted(path.glob("*.md")) if path.is_dir() else [path])
    return files


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Parsing creates tens of thousands of tokens and YAML nodes, none in cycles; the collector's
    repeated passes over them cost about a third of the load time (measured with
    benchmarks/load_content.py). Reference counting still frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_library(paths: Iterable[Path | str] | None = None) -> Library:
    """Load every aid under `paths` (default: the bundled content); broken files are reported."""
    with _cyclic_gc_paused():
        return _load_library(paths)


@cache
def bundled_library() -> Library:
    """The default aids (see :func:`content_dir`), loaded on first use and kept for the life of
    the process: what the servers' pages show."""
    return load_library()


def _load_library(paths: Iterable[Path | str] | None) -> Library:
    library = Library()
    seen: dict[str, str] = {}
    for path in content_files([content_dir()] if paths is None else paths):
        aid, problems, locate = _load(path)
        library.problems.extend(problems)
        if aid is None:
            continue
        if aid.slug in seen:
            library.problems.append(
                Problem(
                    str(path),
                    None,
                    "slug",
                    f"'{aid.slug}' is also the slug of {seen[aid.slug]}",
                    "give each aid its own slug",
                )
            )
            continue
        seen[aid.slug] = str(path)
        library.aids[aid.slug] = aid
        library.files[aid.slug] = path
        library._locators[aid.slug] = locate
    return library


_SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def is_slug(text: str) -> bool:
    return bool(_SLUG_RE.match(text)) and 2 <= len(text) <= 60
