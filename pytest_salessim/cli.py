"""The `salessim` command (also `python -m pytest_salessim`): tasks beside pytest, such as the import."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="salessim", description="pytest-salessim tasks beside pytest")
    commands = parser.add_subparsers(dest="command", required=True)
    task = commands.add_parser(
        "import",
        help="turn a SalesSim personas JSONL file and products JSON file into a spec and a catalog",
        description="Writes DIR/<category>.yaml (a spec with one scenario per persona), "
        "DIR/catalogs/<category>.yaml and DIR/<category>.import-report.json, then loads the spec "
        "to check it. Acceptable product names that match no product are reported, never dropped silently.",
    )
    task.add_argument("personas", type=Path, help="the personas, one JSON object a line")
    task.add_argument("products", type=Path, help='the products: {"<category>": [product, ...]}')
    task.add_argument("--out", type=Path, required=True, metavar="DIR", help="where the spec goes")
    task.add_argument("--category", help="the category name (default: the products file's key)")
    task.add_argument("--top-k", type=int, default=3, help="products the retrieval agent shows a turn (3)")
    task.add_argument(
        "--scenarios",
        type=Path,
        metavar="FILE",
        help="the authors' scenario file (scenarios.yaml): each persona's Big Five, by persona id",
    )
    task.add_argument(
        "--annotations",
        type=Path,
        metavar="FILE",
        help="rules and meets lists for the criteria, attributes for the products "
        "(default: DIR/annotations/<category>.yaml when it exists)",
    )
    judge = commands.add_parser(
        "annotate",
        help="ask an LLM judge which products meet each criterion that has neither rule nor meets",
        description="Asks the judge, for every criterion of SPEC with neither `rule` nor `meets` and every "
        "product, whether the product meets it, and writes the `meets` lists into SPEC (nothing else in the "
        "file changes). What the judge could not decide (judge errors, split votes) is reported and left "
        "alone. An `unlabelled` scenario whose criteria are then all decided gets its derived `expect`.",
    )
    judge.add_argument("spec", type=Path, help="the spec file to annotate, in place")
    judge.add_argument("--judge-model", required=True, metavar="M", help="the judge: an alias or litellm id")
    judge.add_argument(
        "--votes", type=int, default=3, metavar="N", help="votes per question; the majority counts (3)"
    )
    judge.add_argument("--api-base", metavar="URL", help="an OpenAI-compatible server (vLLM, a local server)")
    judge.add_argument("--timeout", type=float, default=60.0, metavar="S", help="per-call timeout (60)")
    judge.add_argument("--retries", type=int, default=3, metavar="N", help="retries of a failed call (3)")
    judge.add_argument(
        "--concurrency", type=int, default=16, metavar="N", help="calls in flight at once (16)"
    )
    return parser


def run_import(args: argparse.Namespace) -> int:
    from .importer import AnnotationError, DatasetError, import_files, summary
    from .spec import SpecError, load_spec

    if args.top_k < 1:
        print("salessim import: --top-k must be at least 1", file=sys.stderr)
        return 2
    try:
        written = import_files(
            args.personas,
            args.products,
            args.out,
            args.category,
            args.top_k,
            args.scenarios,
            args.annotations,
        )
    except (DatasetError, AnnotationError) as err:
        print(f"salessim import: {err}", file=sys.stderr)
        return 1
    for line in summary(written.result.report):
        print(line)
    try:
        scenarios = load_spec(written.spec, args.out)
    except SpecError as err:
        print(err.render(args.out.resolve()), file=sys.stderr)
        return 1
    print(f"  wrote {written.spec} ({len(scenarios)} scenarios), {written.catalog}, {written.report}")
    return 0


def run_annotate(args: argparse.Namespace) -> int:
    from .annotate import annotate, project_root, summary
    from .llm_client import UnknownModelName, client_for
    from .settings import Settings, project_aliases
    from .spec import SpecError

    if args.votes < 1:
        print("salessim annotate: --votes must be at least 1", file=sys.stderr)
        return 2
    root = project_root(args.spec)
    settings = Settings(
        rootdir=root,
        api_base=args.api_base,
        timeout=args.timeout,
        retries=args.retries,
        judge_model=args.judge_model,
        judge_votes=args.votes,
        concurrency=args.concurrency,
        aliases=project_aliases(root),
    )
    try:
        client_for(args.judge_model, settings)  # a name no model answers to, said before any spec is read
        done = annotate(args.spec, settings, root)
    except SpecError as err:
        print(err.render(root), file=sys.stderr)
        return 1
    except UnknownModelName as err:
        print(f"salessim annotate: unknown judge model {err}", file=sys.stderr)
        return 2
    for line in summary(done, settings):
        print(line)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "import":
        return run_import(args)
    if args.command == "annotate":
        return run_annotate(args)
    return 2  # pragma: no cover - argparse requires a command


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
