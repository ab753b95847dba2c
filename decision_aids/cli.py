"""The `decision-aids` command line: list, validate, new, schema, show, serve."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from collaborate import cli as feedback_commands
from decision_aids.calculators import CalculatorInputError
from decision_aids.content import Library, content_dir, is_slug, load_library
from decision_aids.draft import review_status
from decision_aids.model import DecisionAid
from decision_aids.outcomes import Personalised, input_fields, personalise
from decision_aids.scaffold import new_aid_text
from decision_aids.summary import figure_words


def _library(paths: Sequence[str] | None) -> Library:
    return load_library(paths or None)


def _cmd_list(args: argparse.Namespace) -> int:
    library = _library(args.paths)
    rows = [
        {
            "slug": a.slug,
            "title": a.title,
            "question": a.question,
            "status": a.review.status,
            "options": [o.name for o in a.options],
        }
        for a in sorted(library.aids.values(), key=lambda a: a.slug)
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            print(f"{row['slug']:<36} {row['status']:<9} {row['question']}")
        print(f"{len(rows)} aids", file=sys.stderr)
    for problem in library.errors:
        print(problem, file=sys.stderr)
    return 0


def validation_problems(library: Library, today: dt.date | None = None) -> list:
    """Loader problems plus every lint finding, with lines where they can be found."""
    from decision_aids import lint  # here: its reading-age library is slow to import

    problems = list(library.problems)
    for slug, aid in library.aids.items():
        problems += lint.to_problems(
            lint.lint(aid, today=today),
            str(library.files[slug]),
            lambda path, slug=slug: library.line_of(slug, path),
        )
    return problems


def _cmd_validate(args: argparse.Namespace) -> int:
    paths = args.paths or [str(content_dir())]
    missing = [p for p in paths if not Path(p).exists()]
    for path in missing:
        print(f"{path}: error: no such file or folder", file=sys.stderr)
    library = load_library([p for p in paths if Path(p).exists()])  # none left: none loaded
    problems = validation_problems(library)
    for problem in problems:
        if not (args.brief and problem.severity == "warning"):
            print(problem)
    errors = sum(p.severity == "error" for p in problems) + len(missing)
    warnings = sum(p.severity == "warning" for p in problems)
    counts = f"{len(library.aids)} aids, {errors} errors, {warnings} warnings"
    if args.brief and warnings:
        shown = " ".join(["decision-aids validate", *args.paths])
        counts += f" (to see the warnings: {shown})"
    print(counts)
    return 1 if errors else 0


def _cmd_new(args: argparse.Namespace) -> int:
    if not is_slug(args.slug):
        print(
            f"error: '{args.slug}' is not a slug: use lower-case words joined by hyphens, "
            "e.g. carpal-tunnel",
            file=sys.stderr,
        )
        return 2
    folder = Path(args.dir) if args.dir else content_dir()
    target = folder / f"{args.slug}.md"
    if target.exists():
        print(
            f"error: {target} already exists; choose another slug or edit that file",
            file=sys.stderr,
        )
        return 1
    text = new_aid_text(args.slug, args.title)
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}; edit it, then run: decision-aids validate {target}")
    return 0


def aid_schema() -> dict[str, Any]:
    """The JSON Schema of an aid's front matter (the body is written as Markdown, not here)."""
    schema = DecisionAid.model_json_schema()
    schema["properties"].pop("body", None)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Decision aid front matter"
    return schema


def _cmd_schema(_: argparse.Namespace) -> int:
    print(json.dumps(aid_schema(), indent=2))
    return 0


def _parse_inputs(pairs: Sequence[str]) -> dict[str, str]:
    """`name=value` pairs as a dict; ValueError for a pair without '=' or a name given twice."""
    inputs: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = (part.strip() for part in pair.partition("="))
        if not equals:
            raise ValueError(f"write inputs as name=value, not {pair!r}")
        if name in inputs:
            raise ValueError(
                f"--input {name} is given more than once ({name}={inputs[name]}, "
                f"{name}={value}); give each input once"
            )
        inputs[name] = value
    return inputs


def personalised_json(result: Personalised) -> dict[str, Any]:
    aid = result.aid
    return {
        "slug": aid.slug,
        "status": aid.review.status,
        "inputs": {k: v.model_dump(mode="json") for k, v in result.inputs.items()},
        "assessments": {
            k: {"score": a.score, "summary": a.summary, "probabilities": dict(a.probabilities)}
            for k, a in result.assessments.items()
        },
        "outcomes": [
            {
                "id": o.outcome.id,
                "label": o.outcome.label,
                "event_is": o.outcome.event_is,
                "time_frame": str(o.time_frame),
                "denominator": o.denominator,
                "needs_inputs_for": o.waiting_for,
                "options": [
                    {
                        "option": f.option.id,
                        "probability": f.probability,
                        "interval": f.interval,
                        "count": f.count,
                        "count_interval": f.count_interval,
                        "not_known": f.not_known,
                        "how": f.how,
                        "sources": list(f.sources),
                        "certainty": f.certainty.value if f.certainty else None,
                    }
                    for f in o.figures
                ],
            }
            for o in result.outcomes
        ],
    }


def _cmd_show(args: argparse.Namespace) -> int:
    library = _library(args.paths)
    aid = library.aids.get(args.slug)
    if aid is None:
        known = ", ".join(sorted(library.aids)) or "(none loaded)"
        print(f"error: no aid '{args.slug}'; the aids are: {known}", file=sys.stderr)
        return 2
    try:
        raw = _parse_inputs(args.input)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        result = personalise(aid, raw)
    except CalculatorInputError as error:
        for problem in error.problems:
            print(f"error: {problem.field}: {problem.message}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(personalised_json(result), indent=2))
        return 0
    print(f"{aid.title}: {aid.question}")
    print(review_status(aid.review))
    for assessment in result.assessments.values():
        print(f"Your details: {assessment.summary}")
    if any(o.waiting_for for o in result.outcomes):
        needed = " ".join(f"--input {name}=…" for name in input_fields(aid))
        print(f"Some figures need your details: {needed}")
    for outcome in result.outcomes:
        label = outcome.outcome.label
        print(f"\n{label[:1].upper()}{label[1:]} ({outcome.outcome.population}):")
        for figure in outcome.figures:
            text = figure_words(figure, outcome.denominator, outcome.time_frame.phrase)
            print(f"  {figure.option.name}: {text}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn  # here: only `serve` needs the server and the apps

    from decision_aids import server

    entry = server.apps_dir() / "main.py"
    if not entry.is_file():
        print(
            f"error: there is no {entry}; `serve` runs the Streamlit apps bundled in the "
            "package or a source checkout's apps/ folder: reinstall the package, or run it "
            "from the checkout (see docs/deployment.md)",
            file=sys.stderr,
        )
        return 2
    print(f"Serving on http://{args.host}:{args.port}/ (patient pages at /aids)", file=sys.stderr)
    uvicorn.run(
        "decision_aids.server:build",
        factory=True,
        http="decision_aids.site.limits:H11Protocol",  # 414 for an address too long to parse
        host=args.host,
        port=args.port,
        proxy_headers=True,
        # Streamlit gives uvicorn's loggers their handlers: uvicorn's own would log each line twice
        log_config=None,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="decision-aids", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("list", help="list the aids")
    p.add_argument("paths", nargs="*", help="content files or folders (default: bundled content)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser("validate", help="check content files; exit 1 on any error")
    p.add_argument("paths", nargs="*", help="content files or folders (default: bundled content)")
    p.add_argument("--brief", action="store_true", help="errors in full, warnings only counted")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("new", help="write a new aid from a template that validates")
    p.add_argument("slug")
    p.add_argument("--title")
    p.add_argument("--dir", help="folder to write into (default: the content folder)")
    p.set_defaults(func=_cmd_new)

    p = sub.add_parser("schema", help="print the JSON Schema of an aid's front matter")
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("show", help="every outcome per option, for one person")
    p.add_argument("slug")
    p.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a calculator input, e.g. --input age=72 (repeat for each)",
    )
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--content",
        dest="paths",
        action="append",
        help="content file or folder (default: bundled content)",
    )
    p.set_defaults(func=_cmd_show)

    p = sub.add_parser("serve", help="run the apps and the patient pages in one server")
    p.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    p.add_argument("--port", type=int, default=8501, help="port (default: %(default)s)")
    p.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="proxies trusted to set X-Forwarded-* headers (default: %(default)s)",
    )
    p.set_defaults(func=_cmd_serve)
    feedback_commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
