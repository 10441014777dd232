"""Check the whole curated dataset and report every problem at once.

``unionanalysis validate`` runs, in order: the schema of each table (via the
loaders' checks), the rules across tables (ids that exist, places listed,
sources with metrics or a note), spreadsheet safety (no text cell that a
spreadsheet would run as a formula), the bounds rule of the codebook (value,
qualifier and interval agree with the reported text, through the same parser
the extractor uses), and, where the raw articles are available, the evidence:
file hashes, every quote verbatim in the cleaned text, and every number the
extractor finds in an article body accounted for as a metric or an exclusion.
Reports that conflict and series that fall or jump (:mod:`unionanalysis.reconcile`) are
printed as warnings with ids; they do not change the exit code.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .dataset import Table, check_table, read_table, row_rules, to_frame
from .paths import data_dir as default_data_dir
from .paths import sources_dir as default_sources_dir
from .schema import Problem, read_package
from .spreadsheet import is_formula_like

__all__ = ["Finding", "Report", "add_arguments", "run", "validate_dataset"]

TABLES = ("sources", "metrics", "exclusions", "places")


@dataclass(frozen=True)
class Finding:
    """A reconcile finding: worth a look, not an error (see :mod:`unionanalysis.reconcile`)."""

    file: str
    line: int
    finding_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: warning [{self.finding_id}]: {self.message}"


@dataclass
class Report:
    """Problems found, warnings, and what was checked (for the one-line summary)."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    texts_checked: int = 0
    warnings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        tables = ", ".join(f"{n} {name}" for name, n in self.counts.items())
        texts = (
            f"; quotes, hashes and coverage checked against {self.texts_checked} source texts"
            if self.texts_checked
            else "; source texts not available, evidence not checked"
        )
        warned = (
            f"; {len(self.warnings)} reconcile warning(s) (findings, not errors)"
            if self.warnings
            else ""
        )
        return f"ok: {tables}{texts}{warned}"


def validate_dataset(
    data_dir: Path | str | None = None,
    *,
    sources_dir: Path | str | None = None,
    check_sources: bool = True,
) -> Report:
    """Validate the tables in ``data_dir``; see the module docstring for the rules."""
    base = Path(data_dir) if data_dir is not None else default_data_dir()
    report = Report()
    try:
        package = read_package(base)
    except (FileNotFoundError, ValueError, KeyError) as exc:
        report.problems.append(Problem("datapackage.json", 0, "", "schema", str(exc)))
        return report

    frames: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        resource = package[name]
        path = base / resource.path
        if not path.is_file():
            report.problems.append(Problem(resource.path, 0, "", "file", "table is missing"))
            continue
        table, problems = read_table(path, resource)
        report.problems += problems
        if table is None:
            continue
        report.problems += check_table(table, resource)
        if name == "metrics":
            before = len(report.problems)
            report.problems += row_rules(table)
            if len(report.problems) == before:  # findings only on a table that loads cleanly
                report.warnings = _reconcile_warnings(table, resource)
        frames[name] = _plain(table)
        report.counts[name] = len(table)

    report.problems += _cross_table(frames, package)
    report.problems += _formula_cells(frames, package)
    if "metrics" in frames:
        units = package["metrics"].field("unit").enum or ()
        report.problems += _bounds_rule(frames["metrics"], package["metrics"].path, units)

    if check_sources and "sources" in frames:
        root = Path(sources_dir) if sources_dir is not None else default_sources_dir()
        if root is not None:
            problems, n = _evidence(frames, root)
            report.problems += problems
            report.texts_checked = n
    report.problems.sort()
    return report


def _plain(table: Table) -> pd.DataFrame:
    """Python values with '' for missing cells, and each row's line: easy to compare."""
    columns = {"_line": table.lines}
    for name in table.data.column_names:
        columns[name] = ["" if v is None else v for v in table.data.column(name).to_pylist()]
    return pd.DataFrame(columns, dtype=object)


# --- spreadsheet safety ------------------------------------------------------


def _formula_cells(frames: dict[str, pd.DataFrame], package) -> list[Problem]:
    """Text cells a spreadsheet would run as a formula (see :mod:`unionanalysis.spreadsheet`)."""
    problems = []
    for name, frame in frames.items():
        path = package[name].path
        for column in frame.columns.drop("_line"):
            for line, value in zip(frame["_line"], frame[column], strict=True):
                if is_formula_like(value):
                    problems.append(
                        Problem(
                            path,
                            int(line),
                            column,
                            "spreadsheet_formula",
                            "text begins with = + - @, a tab or a carriage return, which "
                            "spreadsheets run as a formula; reword it (see the codebook)",
                            value,
                        )
                    )
    return problems


def _reconcile_warnings(table: Table, resource) -> list[Finding]:
    """Conflicting reports and series findings, each at the line of its later row."""
    from .reconcile import findings

    metrics = to_frame(table, resource)
    lines = dict(zip(metrics["metric_id"].astype(str), table.lines, strict=True))
    out = []
    for row in findings(metrics).itertuples(index=False):
        last = row.metric_ids.split("; ")[-1]
        out.append(Finding(resource.path, int(lines[last]), row.finding_id, row.message))
    return out


# --- across tables ---------------------------------------------------------


def _cross_table(frames: dict[str, pd.DataFrame], package) -> list[Problem]:
    problems: list[Problem] = []
    for name, frame in frames.items():
        for col, ref_name, ref_col in package[name].foreign_keys:
            if ref_name not in frames:
                continue
            known = set(frames[ref_name][ref_col])
            for line, value in zip(frame["_line"], frame[col], strict=True):
                if value and value not in known:
                    problems.append(
                        Problem(
                            package[name].path,
                            int(line),
                            col,
                            "unknown_reference",
                            f"not found in {package[ref_name].path} column {ref_col}",
                            value,
                        )
                    )
    if "places" in frames:
        problems += _place_rules(frames["places"], package["places"].path)
    if "metrics" in frames and "places" in frames:
        problems += _place_agreement(frames["metrics"], frames["places"], package)
    if "sources" in frames and "metrics" in frames:
        with_metrics = set(frames["metrics"]["source_id"])
        src = frames["sources"]
        for line, sid, notes in zip(src["_line"], src["source_id"], src["notes"], strict=True):
            if sid not in with_metrics and not notes.strip():
                problems.append(
                    Problem(
                        package["sources"].path,
                        int(line),
                        "notes",
                        "no_metrics",
                        "source has no metrics and no note saying why",
                        sid,
                    )
                )
    return problems


#: What a GB/T 2260 code of each level looks like: the 2-digit province, 4-digit
#: prefecture or 6-digit county part is non-zero and the rest is zeros.
_CODE_SHAPE = {"province": 2, "prefecture": 4, "county": 6}
#: The levels a parent may have, by level of the child.
_PARENT_LEVELS = {
    "prefecture": {"province"},
    "county": {"prefecture", "province"},
    "district": {"prefecture", "county", "province"},
}


def _code_prefix(adcode: str) -> str:
    """The part of a code its children share: 140100 -> 1401, 130000 -> 13."""
    while adcode.endswith("00") and len(adcode) > 2:
        adcode = adcode[:-2]
    return adcode


def _place_rules(places: pd.DataFrame, path: str) -> list[Problem]:
    """Within places.csv: a code fits its level and starts with its parent's code;
    a parent has a higher level; a population names its source.

    A gazetteer row whose code disagrees with its parent would put a city's
    figures under the wrong province in every regional comparison.
    """
    problems: list[Problem] = []
    by_place = places.set_index("place_zh")[["adcode", "level"]].to_dict("index")
    cols = ["_line", "place_zh", "level", "parent_zh", "adcode", "population", "population_source"]
    for line, _name, level, parent_zh, adcode, population, source in places[cols].itertuples(
        index=False
    ):
        line = int(line)
        width = _CODE_SHAPE.get(level)
        if adcode and width is not None:
            part, rest = adcode[:width], adcode[width:]
            if part[-2:] == "00" or set(rest) - {"0"}:
                problems.append(
                    Problem(
                        path, line, "adcode", "adcode_level", f"not the code of a {level}", adcode
                    )
                )
        parent = by_place.get(parent_zh) if parent_zh else None
        if parent is not None:
            allowed = _PARENT_LEVELS.get(level, set())
            if parent["level"] not in allowed:
                problems.append(
                    Problem(
                        path,
                        line,
                        "parent_zh",
                        "parent_level",
                        f"a {level} cannot have the {parent['level']} {parent_zh} as parent",
                        parent_zh,
                    )
                )
            prefix = _code_prefix(parent["adcode"]) if parent["adcode"] else ""
            if adcode and prefix and not (adcode.startswith(prefix) and adcode != parent["adcode"]):
                problems.append(
                    Problem(
                        path,
                        line,
                        "adcode",
                        "adcode_parent",
                        f"code does not lie under {parent_zh} ({parent['adcode']})",
                        adcode,
                    )
                )
        if population != "" and not str(source).strip():
            problems.append(
                Problem(
                    path,
                    line,
                    "population_source",
                    "unsourced_population",
                    "a population needs the source it was read in",
                    str(population),
                )
            )
    return problems


def _place_agreement(metrics: pd.DataFrame, places: pd.DataFrame, package) -> list[Problem]:
    """A metric's adcode and level must be those of its place in places.csv."""
    problems: list[Problem] = []
    by_place = places.set_index("place_zh")[["adcode", "level"]].to_dict("index")
    path = package["metrics"].path
    for row in metrics[["_line", "place_zh", "adcode", "place_level"]].itertuples(index=False):
        ref = by_place.get(row.place_zh)
        if ref is None:
            continue
        if row.adcode != ref["adcode"]:
            problems.append(
                Problem(
                    path,
                    int(row._0),
                    "adcode",
                    "place_mismatch",
                    f"places.csv gives {row.place_zh} the code {ref['adcode'] or '(empty)'}",
                    row.adcode,
                )
            )
        if row.place_level != ref["level"]:
            problems.append(
                Problem(
                    path,
                    int(row._0),
                    "place_level",
                    "place_mismatch",
                    f"places.csv gives {row.place_zh} the level {ref['level']}",
                    row.place_level,
                )
            )
    return problems


# --- the bounds rule ----------------------------------------------------------


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _bounds_rule(metrics: pd.DataFrame, path: str, units: tuple[str, ...]) -> list[Problem]:
    """Value, qualifier and interval must be what the parser reads in reported_text."""
    from .quantities import parse_quantity

    problems: list[Problem] = []
    cols = [
        "_line",
        "reported_text",
        "value",
        "value_low",
        "value_high",
        "qualifier",
        "unit",
        "quote",
    ]
    for line, text, value, low, high, qualifier, unit, quote in metrics[cols].itertuples(
        index=False
    ):
        if not text:
            continue
        if text not in quote:
            problems.append(
                Problem(
                    path,
                    int(line),
                    "reported_text",
                    "reported_in_quote",
                    "reported_text does not occur in quote",
                    text,
                )
            )
            continue
        # the words around the number in the quote decide 个/家/户 units, as in extraction
        at = quote.find(text)
        before, after = (quote[:at], quote[at + len(text) :]) if at >= 0 else ("", "")
        q = parse_quantity(text, following=after, preceding=before)
        if q is None:
            problems.append(
                Problem(path, int(line), "reported_text", "unparsable", "no quantity found", text)
            )
            continue
        try:
            v, lo, hi = float(value), float(low), float(high)
        except ValueError:
            continue  # already reported as a type problem
        if not _close(v, q.value):
            problems.append(
                Problem(
                    path,
                    int(line),
                    "value",
                    "value_mismatch",
                    f"{text!r} reads as {q.value:g}",
                    value,
                )
            )
            continue
        if qualifier != q.qualifier:
            problems.append(
                Problem(
                    path,
                    int(line),
                    "qualifier",
                    "qualifier_mismatch",
                    f"{text!r} reads as {q.qualifier}",
                    qualifier,
                )
            )
            continue
        if not (_close(lo, q.value_low) and _close(hi, q.value_high)):
            problems.append(
                Problem(
                    path,
                    int(line),
                    "value_low",
                    "bounds_rule",
                    f"codebook bounds for {text!r} are [{q.value_low:g}, {q.value_high:g}]",
                    f"[{low}, {high}]",
                )
            )
        if unit in units and q.unit not in ("unknown", unit):
            problems.append(
                Problem(
                    path,
                    int(line),
                    "unit",
                    "unit_mismatch",
                    f"{text!r} reads as unit {q.unit}",
                    unit,
                )
            )
    return problems


# --- evidence in the raw texts ------------------------------------------------


def _evidence(frames: dict[str, pd.DataFrame], root: Path) -> tuple[list[Problem], int]:
    from .extract import extract, locate
    from .text import clean_text

    problems: list[Problem] = []
    sources = frames["sources"]
    texts = {}
    for line, sid, file, sha in sources[["_line", "source_id", "file", "sha256"]].itertuples(
        index=False
    ):
        path = root / file
        if not path.is_file():
            problems.append(
                Problem("sources.csv", int(line), "file", "source_missing", f"no file {path}", file)
            )
            continue
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != sha:
            problems.append(
                Problem(
                    "sources.csv",
                    int(line),
                    "sha256",
                    "sha256_mismatch",
                    f"{file} has sha256 {digest}",
                    sha,
                )
            )
        texts[sid] = (int(line), clean_text(raw))
    problems += _manifest_complete(root, sources)

    covered: dict[str, list[tuple[int, int]]] = {sid: [] for sid in texts}
    seen: dict[tuple[str, str, str], int] = {}  # the n-th row with a quote: its n-th occurrence
    for name in ("metrics", "exclusions"):
        frame = frames.get(name)
        if frame is None:
            continue
        for line, sid, quote, rep in frame[
            ["_line", "source_id", "quote", "reported_text"]
        ].itertuples(index=False):
            if sid not in texts or not quote:
                continue
            text = texts[sid][1].text
            if quote not in text:
                problems.append(
                    Problem(
                        f"{name}.csv",
                        int(line),
                        "quote",
                        "quote_not_in_source",
                        f"quote is not a verbatim span of the cleaned text of {sid}",
                        quote,
                    )
                )
                continue
            key = (sid, quote, rep)
            span = locate(text, quote, rep, occurrence=seen.get(key, 0))
            seen[key] = seen.get(key, 0) + 1
            if span is not None:
                covered[sid].append(span)

    for sid, (line, cleaned) in texts.items():
        spans = sorted(covered[sid])
        for cand in extract(cleaned.text, body_only=True):
            if not any(s < cand.end and cand.start < e for s, e in spans):
                problems.append(
                    Problem(
                        "sources.csv",
                        line,
                        "",
                        "uncovered_number",
                        f"{sid}: body number at offset {cand.start} "
                        f"('…{cand.context}…') is neither a metric nor an exclusion",
                        cand.text,
                    )
                )
    return problems, len(texts)


# Manifests of the sources folder whose every article must be curated: the founding one
# (seeds/, corpus/) and the second corpus's own (paths in it are relative to the folder).
MANIFESTS = ("manifest.tsv", "corpus2/manifest.tsv")


def _manifest_complete(root: Path, sources: pd.DataFrame) -> list[Problem]:
    known = set(sources["file"])
    problems = []
    for name in MANIFESTS:
        manifest = root / name
        if not manifest.is_file():
            continue
        with manifest.open(encoding="utf-8", newline="") as fh:
            files = [row["file"] for row in csv.DictReader(fh, delimiter="\t")]
        problems += [
            Problem(
                "sources.csv", 0, "file", "source_not_curated", f"article in {name} has no row", f
            )
            for f in files
            if f not in known
        ]
    return problems


# --- command line -------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, help="folder of the tables (data/)")
    parser.add_argument(
        "--sources",
        type=Path,
        default=None,
        help="folder of the raw texts (default: $UNIONANALYSIS_SOURCES or ../shared/sources)",
    )
    parser.add_argument(
        "--no-sources", action="store_true", help="skip the checks against the raw texts"
    )
    parser.add_argument(
        "--staged",
        type=Path,
        default=None,
        metavar="DIR",
        help="check staged rows (sources/metrics/exclusions/places.csv) as if merged into data/",
    )


def run(args: argparse.Namespace) -> int:
    if args.staged is not None:
        from .curation.staging import validate_staged

        report = validate_staged(
            args.staged, args.data, sources_dir=args.sources, check_sources=not args.no_sources
        )
    else:
        report = validate_dataset(
            args.data, sources_dir=args.sources, check_sources=not args.no_sources
        )
    _print(report.problems, sys.stdout)
    _print(report.warnings, sys.stdout)
    if report.ok:
        print(report.summary())
        return 0
    print(f"{len(report.problems)} problem(s) found", file=sys.stderr)
    return 1


def _print(problems: Iterable[Problem | Finding], out) -> None:
    for p in problems:
        print(p, file=out)
