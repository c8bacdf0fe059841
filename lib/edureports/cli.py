"""The ``edureports`` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .documents import file_facts
from .batch import DEFAULT_MAX_MB
from .errors import DatasetError, ReportError
from .load import read_report
from .normalisation import normalise

__all__ = ["main"]


def _cmd_show(args: argparse.Namespace) -> int:
    report = read_report(args.file)
    norm = normalise(report.source)
    row = file_facts(report, norm)
    out = sys.stdout
    for key in ("doc_id", "path", "format", "encoding", "script", "title", "published", "n_chars", "sha256"):
        out.write(f"{key:<10} {row[key] if row[key] is not None else ''}\n")
    for key, value in sorted(report.metadata.items()):
        if key not in row:
            out.write(f"{key:<10} {value}\n")
    for key, value in sorted(norm.metadata.items()):
        if key in row:
            continue
        out.write(f"{key:<10} {value}  (from boilerplate)\n")
    out.write("\nnormalisation\n")
    out.write(f"  pinyin annotations removed: {len(norm.pinyin)}\n")
    out.write(f"  characters converted (traditional->simplified): {norm.converted}\n")
    out.write(f"  boilerplate lines moved to metadata: {len(norm.boilerplate)}\n")
    for b in norm.boilerplate:
        out.write(f"    [{b.start}, {b.end}) {b.kind}: {b.text}\n")
    out.write(f"  mojibake spans: {len(norm.mojibake)}\n")
    for m in norm.mojibake:
        fix = f"repaired as {m.repair!r}" if m.repair is not None else "left as is (not exactly repairable)"
        out.write(f"    [{m.start}, {m.end}) {m.text!r}: {fix}\n")
    _show_layout(norm, out, every=args.all_repairs)
    if not args.no_text:
        out.write("\nclean text\n")
        out.write(norm.text.strip("\n") + "\n")
    return 0


_REPAIRS = (("line_join", "line breaks joined (the sentence runs on)"),
            ("space", "spaces removed inside figures"),
            ("mask", "masked digits marked"))


def _show_layout(norm, out, every: bool = False, examples: int = 10) -> None:
    """What undoing a PDF/Word layout changed: page furniture moved out, lines joined, spaces removed."""
    out.write(f"  page furniture lines moved to metadata: {len(norm.furniture)}\n")
    for b in norm.furniture:
        out.write(f"    [{b.start}, {b.end}) {b.kind}: {b.text}\n")
    for kind, label in _REPAIRS:
        repairs = [r for r in norm.repairs if r.kind == kind]
        rules: dict[str, int] = {}
        for r in repairs:
            rules[r.rule] = rules.get(r.rule, 0) + 1
        by_rule = ", ".join(f"{rule} {n}" for rule, n in sorted(rules.items(), key=lambda kv: -kv[1]))
        out.write(f"  {label}: {len(repairs)}" + (f" ({by_rule})" if by_rule else "") + "\n")
        shown = repairs if every else repairs[:examples]
        for r in shown:
            out.write(f"    [{r.start}, {r.end}) {r.rule}: {r.context}\n")
        if len(shown) < len(repairs):
            out.write(f"    … {len(repairs) - len(shown)} more (--all-repairs lists them all)\n")


def _cmd_extract(args: argparse.Namespace) -> int:
    """Exit status: 0 every input processed (duplicates and skipped system or hidden files included),
    1 some failed (the rest written), 2 a usage error, 130 interrupted (what finished is kept; the same command resumes)."""
    from .batch import BatchInterrupted, write_dataset

    try:
        summary = write_dataset(args.paths, args.out, workers=args.workers, progress=sys.stderr.isatty(),
                                catalogue=None if args.no_catalogue else args.catalogue,
                                scheduler=args.scheduler, force=args.force, max_mb=args.max_mb)
    except BatchInterrupted as exc:
        sys.stderr.write(f"edureports extract: {exc}\n")
        return 130
    except DatasetError as exc:
        sys.stderr.write(f"edureports extract: {exc}\n")
        return 2
    manifest = summary.manifest
    for row in manifest[manifest.status.isin(["failed", "skipped"])].itertuples():
        sys.stderr.write(f"{row.status}: {row.path}: {row.reason}\n")
    if summary.failed:
        sys.stderr.write(f"details and tracebacks: {summary.out / 'errors.log'}\n")
    sys.stdout.write(summary.line() + "\n")
    return 1 if summary.failed else 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    import pandas as pd

    from .evaluate import evaluate, load_gold

    pred = pd.read_parquet(args.pred) if args.pred.suffix == ".parquet" else pd.read_csv(args.pred)
    table, detail = evaluate(load_gold(args.gold), pred)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        sys.stdout.write(table.round(3).to_string() + "\n")
    if args.details:
        detail.to_csv(args.details, index=False)
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from .audit import write_audit

    out = write_audit(args.file, args.html)
    sys.stdout.write(f"{out}\n")
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not positive")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="edureports",
        description="Figures from Chinese local education-bureau reports, as tidy tables.",
    )
    parser.add_argument("--version", action="version", version=f"edureports {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    show = sub.add_parser("show", help="print a report's metadata, normalisation and clean text")
    show.add_argument("file", type=Path, help="a .txt, .html, .docx or .pdf report")
    show.add_argument("--no-text", action="store_true", help="omit the clean text")
    show.add_argument("--all-repairs", action="store_true",
                      help="list every layout repair (joined line, removed space), not the first ten of each")
    show.set_defaults(run=_cmd_show)

    extract = sub.add_parser("extract", help="extract figures from files and folders into a dataset")
    extract.add_argument("paths", nargs="+", type=Path)
    extract.add_argument("--out", type=Path, required=True, help="folder for the dataset")
    extract.add_argument("--workers", type=_positive, default=1, help="worker processes (default 1)")
    extract.add_argument("--scheduler", default=None,
                         help="a Dask distributed scheduler address (tcp://host:8786) to extract on a cluster")
    extract.add_argument("--catalogue", default="default",
                         help="curated metadata overriding what is inferred (default: data/catalogue.csv)")
    extract.add_argument("--no-catalogue", action="store_true", help="infer all metadata from the texts")
    extract.add_argument("--force", action="store_true",
                         help="redo every input (default: reuse inputs finished by an earlier run into --out "
                              "whose bytes and tool version are unchanged)")
    extract.add_argument("--max-mb", type=_positive, default=DEFAULT_MAX_MB,
                         help=f"largest text file read, in MB (default {DEFAULT_MAX_MB}; .html/.docx/.pdf/.doc: "
                              "a fifth of it); a larger file is a failed row")
    extract.set_defaults(run=_cmd_extract)

    evaluate = sub.add_parser("evaluate", help="score extracted figures against hand-annotated gold")
    evaluate.add_argument("--gold", type=Path, required=True, help="folder of <doc_id>.csv gold files")
    evaluate.add_argument("--pred", type=Path, required=True, help="figures.parquet (or .csv) to score")
    evaluate.add_argument("--details", type=Path, default=None, help="write every pairing and miss here (csv)")
    evaluate.set_defaults(run=_cmd_evaluate)

    audit = sub.add_parser("audit", help="an HTML page showing every figure in its source text")
    audit.add_argument("file", type=Path)
    audit.add_argument("--html", type=Path, required=True)
    audit.set_defaults(run=_cmd_audit)

    data = sub.add_parser("check-data", help="check every vocabulary file against its schema and record "
                                             "those that pass (after editing lib/edureports/data)")
    data.set_defaults(run=_cmd_check_data)

    report = sub.add_parser("report", help="run the notebooks with papermill into an HTML report site")
    report.add_argument("--out", type=Path, default=Path("reports"))
    report.add_argument("--seeds", type=Path, default=None, help="folder of reports (default: seeds/)")
    report.set_defaults(run=_cmd_report)
    return parser


def _cmd_check_data(args: argparse.Namespace) -> int:
    from ._data import VALIDATED, record_validated, yaml_files

    failed = record_validated()
    for name, messages in failed.items():
        sys.stderr.write(f"{name}:\n" + "".join(f"  {m}\n" for m in messages))
    print(f"{len(yaml_files()) - len(failed)} data file(s) pass their schema and are recorded in schemas/{VALIDATED}; "
          f"{len(failed)} do not")
    return 1 if failed else 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import run_reports

    return run_reports(args.out, inputs=args.seeds)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ReportError as exc:
        sys.stderr.write(f"edureports {args.command}: {exc}\n")
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
