"""Benchmark: cleaning, candidate extraction and quantity parsing.

Target (issue: source text cleaning and Chinese quantity extraction):
``extract`` reads at least 5 MB/s of cleaned text on one core.

1. Throughput on every article of the source folder: cleaning (MB/s of raw
   bytes) and extraction (MB/s of the UTF-8 bytes of cleaned text), best of
   several runs.
2. ``parse_quantity`` against two peers on the same real expressions
   (``benchmarks/expressions.tsv``): ``cn2an.cn2an(..., "smart")``, a numeral
   converter, and ``jionlp.parse_money``, a money parser that also reads bound
   words. Each expression is given three ways: as it stands in the text, without
   its unit, and as the bare numeral. A peer's exception counts as a failure.

Prints a Markdown section for ``docs/benchmarks.md``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from unionanalysis.extract import extract
from unionanalysis.paths import sources_dir
from unionanalysis.quantities import parse_quantity
from unionanalysis.text import clean

HERE = Path(__file__).resolve().parent
RUNS = 7  # best of
PASSES = 5  # passes over the corpus per run, so one run lasts long enough to time
PARSE_LOOPS = 50  # passes over the expression list per timing

Reading = tuple[float, str | None] | None  # value and qualifier (None: not reported)


def best_time(fn: Callable[[], object], runs: int = RUNS) -> float:
    """Shortest wall time of ``runs`` calls: the least disturbed measurement."""
    best = math.inf
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def throughput(root: Path) -> list[str]:
    raws = [p.read_bytes() for p in sorted(root.glob("*/*.txt"))]
    texts = [clean(raw) for raw in raws]
    raw_mb = sum(map(len, raws)) / 1e6
    clean_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    n_candidates = sum(len(extract(t)) for t in texts)

    def clean_all() -> None:
        for _ in range(PASSES):
            for raw in raws:
                clean(raw)

    def extract_all() -> None:
        for _ in range(PASSES):
            for text in texts:
                extract(text)

    t_clean = best_time(clean_all) / PASSES
    t_extract = best_time(extract_all) / PASSES
    return [
        f"Corpus: {len(raws)} articles, {raw_mb:.3f} MB raw, {clean_mb:.3f} MB cleaned "
        f"(UTF-8), {n_candidates} candidates. Best of {RUNS} runs of {PASSES} passes.",
        "",
        "| step | input | time per pass | throughput |",
        "|---|---|---:|---:|",
        f"| `clean` | raw bytes | {t_clean * 1e3:.1f} ms | {raw_mb / t_clean:.1f} MB/s |",
        f"| `extract` | cleaned text | {t_extract * 1e3:.1f} ms | "
        f"{clean_mb / t_extract:.1f} MB/s |",
    ]


# --- parsers under test ---------------------------------------------------------------


def ours(text: str) -> Reading:
    q = parse_quantity(text)
    return None if q is None else (q.value, q.qualifier)


def make_cn2an() -> Callable[[str], Reading] | None:
    try:
        import cn2an
    except ImportError:
        return None

    def read(text: str) -> Reading:
        try:
            return float(cn2an.cn2an(text, "smart")), None
        except Exception:  # a peer's failure is a wrong answer, whatever it raises
            return None

    return read


_JIONLP_QUALIFIER = {"accurate": "exact", "blur+": "more_than", "blur-": "nearly"}


def make_jionlp() -> Callable[[str], Reading] | None:
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # it prints a banner on import
            import jionlp
    except ImportError:
        return None

    def read(text: str) -> Reading:
        try:
            result = jionlp.parse_money(text)
        except Exception:  # a peer's failure is a wrong answer, whatever it raises
            return None
        num, definition = result["num"], result["definition"]
        if isinstance(num, list):  # 余/多: the range from the stated value up
            return float(num[0]), "more_than" if definition == "blur" else definition
        return float(num), _JIONLP_QUALIFIER.get(definition, "about")

    return read


def _version(module: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module)
    except PackageNotFoundError:
        return "not installed"


def score(read: Callable[[str], Reading], rows: list[dict[str, str]], column: str) -> tuple:
    """(values right, values and qualifiers right or None when not reported)."""
    value_ok = both_ok = 0
    reports_qualifier = False
    for row in rows:
        got = read(row[column])
        if got is None:
            continue
        value, qualifier = got
        if math.isclose(value, float(row["value"]), rel_tol=1e-9):
            value_ok += 1
            if qualifier is not None:
                reports_qualifier = True
                both_ok += qualifier == row["qualifier"]
    return value_ok, both_ok if reports_qualifier else None


def comparison(rows: list[dict[str, str]]) -> list[str]:
    tools = [
        ("`unionanalysis.parse_quantity`", ours),
        (f"`cn2an.cn2an(..., 'smart')` {_version('cn2an')}", make_cn2an()),
        (f"`jionlp.parse_money` {_version('jionlp')}", make_jionlp()),
    ]
    n = len(rows)
    lines = [
        f"{n} expressions from the sources (`benchmarks/expressions.tsv`); right = value "
        "within 1e-9 and, where the tool reports one, the codebook qualifier.",
        "",
        "| parser | as in the text: value / + qualifier | without unit: value / + qualifier "
        "| bare numeral: value | µs per expression (as in the text) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, read in tools:
        if read is None:
            lines.append(f"| {name} | not installed | | | |")
            continue
        cells = []
        for column in ("expression", "without_unit", "numeral"):
            value_ok, both_ok = score(read, rows, column)
            qual = "n/a" if both_ok is None else f"{both_ok}/{n}"
            cells.append(f"{value_ok}/{n}" if column == "numeral" else f"{value_ok}/{n} / {qual}")
        texts = [row["expression"] for row in rows]

        def parse_all(read=read, texts=texts) -> None:
            for _ in range(PARSE_LOOPS):
                for text in texts:
                    read(text)

        micro = best_time(parse_all) / (PARSE_LOOPS * n) * 1e6
        lines.append(f"| {name} | {' | '.join(cells)} | {micro:.1f} |")
    return lines


def main() -> int:
    root = sources_dir(required=True)
    with (HERE / "expressions.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    print("### Throughput (one core)")
    print()
    print("\n".join(throughput(root)))
    print()
    print("### `parse_quantity` against peers")
    print()
    print("\n".join(comparison(rows)))
    print()
    print(f"Python {platform.python_version()} on {platform.machine()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
