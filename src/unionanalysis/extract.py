"""Propose the number expressions of an article as candidate figures.

Curators code every number in an article body either as a metric or as an
exclusion; this module lists those numbers so that none is overlooked, and
the validator checks the curated tables against the same list. It works on
*cleaned* text (:func:`unionanalysis.text.clean`), so offsets match the
quotes in ``data/``.

One precompiled regular expression scans the text once (tried only where a
match can begin). At each position it tries, in order: idioms made of
numerals (一心一意), spans that hold digits but are no quantity (dates, times,
phone numbers, identifiers, year ranges), and the number-expression grammar
of :mod:`unionanalysis.quantities`. A few context rules then drop what the
codebook calls dates, durations, ordinals and names, and the expression is
read with the codebook's bounds rule.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .quantities import (
    EXPRESSION_PATTERN,
    MAPPED_UNITS,
    PREFIX_QUALIFIERS,
    quantity_from_parts,
)
from .text import CleanText, DecodeError, body_spans, clean_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COLUMNS",
    "Candidate",
    "SourceError",
    "add_arguments",
    "extract",
    "extract_file",
    "extract_frame",
    "locate",
    "match_candidate",
    "number_spans",
    "overlapping",
    "read_clean",
    "run",
]

COLUMNS = (
    "file",
    "start",
    "end",
    "text",
    "value",
    "value_low",
    "value_high",
    "qualifier",
    "unit",
    "context",
    "ceiling",
)
CONTEXT_CHARS = 20
_CN_CHARS = "〇零一二三四五六七八九十百千万亿两"

# Four-character idioms and slogans built from numerals: never quantities.
IDIOMS = (
    "一心一意 三心二意 四面八方 五湖四海 千家万户 千方百计 千辛万苦 千军万马 千山万水 "
    "万紫千红 千变万化 千丝万缕 千头万绪 成千上万 成百上千 千千万万 万众一心 万无一失 "
    "一干二净 三番五次 三令五申 五花八门 七嘴八舌 七上八下 一举两得 两全其美 三五成群 "
    "三三两两 十之八九 百里挑一 一五一十 五颜六色 九牛一毛 十全十美 百花齐放 千篇一律 "
    "一清二楚 三位一体 五位一体 四个全面 四个意识 四个自信 两个维护 两个确立 三个代表 "
    "两个一百年 一年四季 十万火急 百万雄师 四通八达 接二连三 三天两头 千锤百炼 万家灯火 "
    "千秋万代 十拿九稳 百战百胜 千载难逢 千差万别 万事如意 一人一档 一户一策 一人一策"
).split()

_SKIP = "|".join(
    [
        r"[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?![0-9])",  # 2019-07-30, 2022-2-11
        r"[0-9]{4}/[0-9]{1,2}(?![0-9])",  # 2024/10
        r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9])",  # 07:13:01, 15:37
        r"[0-9]{1,2}[时点][0-9]{1,2}分",  # 9时30分
        r"[0-9]{1,2}·[0-9]{1,2}(?![0-9])",  # "12·4" 普法宣传日
        r"(?:19|20)[0-9]{2} ?[-–—~～至到] ?(?:19|20)[0-9]{2}(?![0-9])",  # 2008-2022, 2013-2017年
        r"0[0-9]{2,3}-[0-9]{7,8}(?![0-9])",  # 010-84151598
        r"400-?[0-9]{3}-?[0-9]{4}(?![0-9])",  # 400 service numbers
        # identifiers, file names, e-mail and web addresses: letters and digits mixed
        r"[A-Za-z_@][A-Za-z0-9_@.\-/:?=&#+~%]*[0-9][A-Za-z0-9_@.\-/:?=&#+~%]*",
        r"[0-9][0-9.\-_/]*[A-Za-z_@][A-Za-z0-9_@.\-/:?=&#+~%]*",
    ]
)
_SCANNER = re.compile(
    "(?P<idiom>" + "|".join(sorted(IDIOMS, key=len, reverse=True)) + ")"
    f"|(?P<skip>{_SKIP})"
    f"|(?P<q>{EXPRESSION_PATTERN})"
)

# Every character that can begin a match of the scanner. Searching for one of
# them runs in C; trying the whole scanner at every position would not.
_START = re.compile(
    "["
    + re.escape(
        "".join(
            sorted(set("0123456789_@" + _CN_CHARS) | {w[0] for w in (*IDIOMS, *PREFIX_QUALIFIERS)})
        )
    )
    + "A-Za-z]"
)


def _scan(text: str) -> Iterator[re.Match[str]]:
    """The matches of the scanner, as ``finditer`` gives them, found faster."""
    search, match = _START.search, _SCANNER.match
    pos = 0
    while (hit := search(text, pos)) is not None:
        m = match(text, hit.start())
        if m is None:
            pos = hit.start() + 1
            continue
        yield m
        pos = m.end()


# What follows a number that makes it a date, time, duration or ordinal.
_NOT_QUANTITY_AFTER = re.compile(
    r"年|月|日|号|时|点(?:钟|半|整|许)|天|周|小时|分钟|秒|星期|世纪|届|版|钟头|工作日"
)
_DURATION_AFTER_GE = re.compile(r"多?(?:月|小时|星期|工作日|年头|钟头|半月)")
_RANGE_TAIL = re.compile(
    r" ?[-–—~～至到] ?[0-9]+(?:\.[0-9]+)?(?:" + _NOT_QUANTITY_AFTER.pattern + ")"
)
# Prefix qualifiers that are really the end of another word: 附近, 节约, 赶超.
_PREFIX_BLOCKED = {
    "近": "附靠最临亲贴逼就",
    "约": "节签制邀要履合特预违条公相",
    "超": "赶高未没",
    "超过": "未没",
    # 线上, 以上, 马上, 网上: 上 ends another word, it is no "reaching" (上万)
    "上": "线以马向之加网晚早路地身会台桌北南东西基往迎",
}
# A range: the lower end takes the unit of the upper end (3000—8000元, 1~2个).
_RANGE_JOIN = re.compile(r" ?[-–—~～至到] ?")
# Counts whose noun may be said once for several numbers (驿站300个,其中209个).
_SHARED_CLASSIFIERS = frozenset("个家座处")
_SENTENCE_END = re.compile(r"[。;!?；！？\n]")
_ELIDED_NEXT = re.compile(r"[\s,.;:!?)\]”’\"'、。，;:！？》】]|$|[被已均全都也还是在为由]|分别")
_ASCII_ID = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_@./\\")
_OPEN_QUOTES = set("“‘「『《\"'")
_CN_BIG = set("万亿")
_CN_BARE_SMALL = {"十", "百", "千"}
_CN_BARE_HEADS = {"百", "千", "万"}
_CN_WORDS = {"一", "零", "〇"}


@dataclass(frozen=True)
class Candidate:
    """A number expression found in cleaned text, read with the codebook rules.

    ``start``/``end`` are offsets into the cleaned text and ``text`` is the
    span in the codebook's ``reported_text`` convention.
    """

    file: str
    start: int
    end: int
    text: str
    value: float
    value_low: float
    value_high: float
    qualifier: str
    unit: str
    context: str
    ceiling: bool = False


class SourceError(ValueError):
    """A source file that cannot be read as text; the message names the file."""


# --- the scan ---------------------------------------------------------------------


def _context(text: str, start: int, end: int) -> str:
    lo, hi = max(0, start - CONTEXT_CHARS), end + CONTEXT_CHARS
    return text[lo:hi].replace("\n", " ")


def _read(m: re.Match[str], text: str, file: str) -> Candidate | None:
    """Apply the context rules to one grammar match; None when it is no quantity."""
    if m.group("cn") in _CN_WORDS and m.group("mult") is None:
        return None  # 一个, 一名, 零件: the article's "a" or a word, not a figure
    parts = m.groupdict()
    ar, cn, unit = parts["ar"], parts["cn"], parts["unit"]
    num_start = m.start("ar") if ar is not None else m.start("cn")
    start, end = m.start(), m.end()
    pre = parts["pre"]
    if pre and start > 0 and text[start - 1] in _PREFIX_BLOCKED.get(pre, ""):
        parts["pre"], start = None, num_start
    before = text[start - 1] if start > 0 else ""
    if before == "第":
        return None  # ordinal: 第1, 第十七次
    core_end = m.start("unit") if unit else end - len(parts["post"] or "")
    if unit is None and _NOT_QUANTITY_AFTER.match(text, core_end):
        return None  # date, time, duration or ordinal: 2023年, 15日, 3天, 24小时
    if unit == "个" and _DURATION_AFTER_GE.match(text, m.end("unit")):
        return None  # 两个月, 3个小时
    if ar is not None:
        if before in _ASCII_ID or (
            before == "-"
            and not (start > 1 and (text[start - 2].isdigit() or text[start - 2] == "%"))
        ):
            return None  # part of an identifier: No.5, 号-1 (but 40%-50% is a range)
        if unit is None and _RANGE_TAIL.match(text, core_end):
            return None  # 10至15分钟, 1992至2011年
        plain = not (parts["frac"] or parts["mult"] or unit or "." in ar or "," in ar)
        if plain and (len(ar) >= 7 or (len(ar) > 1 and ar[0] == "0")):
            return None  # licence, registration and document numbers
    else:
        big = bool(_CN_BIG & set(cn)) or parts["mult"] is not None
        if not big and (unit is None or unit not in MAPPED_UNITS):
            return None  # Chinese numerals count only with a classifier or 万/亿
        headcount = unit == "名" and cn in _CN_BARE_HEADS  # 千名律师, 百名学生, 万名职工
        if cn in _CN_BARE_SMALL and not (big or parts["q1"] or parts["pre"] or headcount):
            return None  # 百人以上, 千家: descriptions, not counts
        if before in _OPEN_QUOTES or before in "几数上成好初周期届":
            return None  # “两个建设”, 几十万, 数百, 成千: names and estimates
        if cn in _CN_BARE_HEADS and before == "每":
            return None  # 每万名职工: a rate's base, not a count
        if cn.startswith("千万") and text[end : end + 1] in set("不别要记莫勿务"):
            return None  # the adverb 千万 "by all means"
    q = quantity_from_parts(
        parts,
        text[start:end],
        following=text[end : end + 12],
        preceding=text[max(0, start - 10) : start],
    )
    if q is None:
        return None
    return Candidate(
        file,
        start,
        end,
        q.text,
        q.value,
        q.value_low,
        q.value_high,
        q.qualifier,
        q.unit,
        _context(text, start, end),
        q.ceiling,
    )


def _inherit_unit(cand: Candidate, prev: Candidate | None, text: str) -> Candidate:
    """Give an elided count the unit of the count it continues.

    In ``书屋4个、省级9个`` and ``驿站300个,其中209个被命名为`` the noun is
    said once; the later counts with the same classifier in the same
    sentence, with no noun of their own, count the same thing.
    """
    if (
        cand.unit != "unknown"
        or prev is None
        or prev.unit not in ("facility", "organisation")
        or _SENTENCE_END.search(text, prev.end, cand.start)
        or not _ELIDED_NEXT.match(text, cand.end)
    ):
        return cand
    return replace(cand, unit=prev.unit)


def _range_units(cands: list[Candidate], text: str) -> list[Candidate]:
    """Give the lower end of a range the unit of its upper end.

    ``3000—8000元`` and ``30至50个`` state the unit once, after the upper end;
    both ends are candidates (the codebook's range rule decides how they are
    coded), and the lower end counts what the upper end counts.
    """
    out = list(cands)
    for i in range(len(out) - 1):
        low, high = out[i], out[i + 1]
        if (
            low.unit == "unknown"
            and high.unit != "unknown"
            and _RANGE_JOIN.fullmatch(text, low.end, high.start)
        ):
            out[i] = replace(low, unit=high.unit)
    return out


def extract(text: str | CleanText, *, body_only: bool = False, file: str = "") -> list[Candidate]:
    """Every number expression of cleaned ``text`` that may be a figure.

    With ``body_only`` only candidates inside the body spans of the cleaner
    (not site chrome) are kept. ``file`` is copied into each candidate.
    Dates, times, durations, phone and document numbers, ordinals and
    numeral idioms are never returned; Chinese numerals only with a
    classifier or 万/亿, and never a bare 一.
    """
    if isinstance(text, CleanText):
        body = text.body
        text = text.text
    else:
        body = body_spans(text) if body_only else []
    out = []
    last: dict[str, Candidate] = {}  # the latest candidate per classifier
    for m in _scan(text):
        if m.lastgroup != "q":
            continue
        cand = _read(m, text, file)
        if cand is None:
            continue
        classifier = m.group("unit")
        if classifier in _SHARED_CLASSIFIERS:
            cand = _inherit_unit(cand, last.get(classifier), text)
            last[classifier] = cand
        out.append(cand)
    out = _range_units(out, text)
    if body_only:
        out = [c for c in out if any(s.start <= c.start and c.end <= s.end for s in body)]
    return out


def number_spans(text: str) -> list[tuple[int, int, str]]:
    """Every span the scanner matches, candidate or not, as ``(start, end, kind)``.

    ``kind`` is ``'idiom'`` (一心一意), ``'skip'`` (dates, times, phone and
    document numbers, year ranges) or ``'quantity'`` (the expression grammar,
    which :func:`extract` may still drop by its context rules). Curation uses
    this to give every number that is no candidate an exclusion reason.
    """
    kinds = {"idiom": "idiom", "skip": "skip", "q": "quantity"}
    return [(m.start(), m.end(), kinds[m.lastgroup or "q"]) for m in _scan(text)]


# --- files ------------------------------------------------------------------------


def read_clean(path: str | Path) -> CleanText:
    """Read and clean one article; :class:`SourceError` says what is wrong with it."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a directory, not a text file") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if b"\x00" in data:
        raise SourceError(f"{path}: binary file (contains NUL bytes), not an article text")
    try:
        return clean_text(data)
    except DecodeError as exc:
        raise SourceError(f"{path}: cannot decode: {exc}") from None


def _display_name(path: Path, root: Path | None) -> str:
    """The path relative to the sources folder when inside it, as in sources.csv."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _default_root() -> Path | None:
    from .paths import sources_dir

    return sources_dir()


def extract_file(
    path: str | Path, *, body_only: bool = False, root: Path | None = None
) -> list[Candidate]:
    """Read, clean and extract one file; ``file`` is relative to ``root``.

    ``root`` defaults to the sources folder; paths outside it are kept as given.
    """
    path = Path(path)
    cleaned = read_clean(path)
    root = _default_root() if root is None else root
    return extract(cleaned, body_only=body_only, file=_display_name(path, root))


def extract_frame(
    paths: Iterable[str | Path], *, body_only: bool = False, root: Path | None = None
) -> pd.DataFrame:
    """Candidates of several files as a DataFrame with the columns :data:`COLUMNS`."""
    import pandas as pd

    rows = [asdict(c) for p in paths for c in extract_file(p, body_only=body_only, root=root)]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.astype(
        {
            "start": "int64",
            "end": "int64",
            "value": "float64",
            "value_low": "float64",
            "value_high": "float64",
        }
    )


# --- matching curated rows to candidates ------------------------------------------


def _is_token(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is not part of a longer number."""
    left = text[start - 1] if start > 0 else ""
    right = text[end] if end < len(text) else ""
    return not (left.isdigit() or left == "." or right.isdigit())


def locate(
    text: str, quote: str, reported_text: str, occurrence: int = 0
) -> tuple[int, int] | None:
    """Offsets of ``reported_text`` inside an occurrence of ``quote`` in ``text``.

    ``occurrence`` counts from 0 (the first). Pages that print a passage twice need it: the
    repeat's row carries the same quote, and the codebook's rule is that the n-th row with a
    given quote and reported text points at the n-th occurrence of the quote. Past the last
    occurrence, the last one is used. Where ``reported_text`` occurs more than once in the
    quote, an occurrence that is a whole number (not the tail of ``112万`` for ``12万``) wins.
    None when the quote is not a verbatim span or does not contain the text.
    """
    if not quote or not reported_text:
        return None
    q = text.find(quote)
    if q < 0:
        return None
    for _ in range(occurrence):
        later = text.find(quote, q + 1)
        if later < 0:
            break
        q = later
    hits = []
    i = quote.find(reported_text)
    while i >= 0:
        hits.append(i)
        i = quote.find(reported_text, i + 1)
    if not hits:
        return None
    best = next((h for h in hits if _is_token(text, q + h, q + h + len(reported_text))), hits[0])
    return q + best, q + best + len(reported_text)


def overlapping(candidates: Sequence[Candidate], start: int, end: int) -> list[Candidate]:
    """The candidates that share at least one character with ``[start, end)``."""
    return [c for c in candidates if c.start < end and start < c.end]


def match_candidate(
    candidates: Sequence[Candidate],
    start: int,
    end: int,
    *,
    value: float | None = None,
    qualifier: str | None = None,
    unit: str | None = None,
    unknown_unit_matches: bool = False,
    rel_tol: float = 1e-9,
) -> Candidate | None:
    """An overlapping candidate that agrees on every field given, or None.

    With ``unknown_unit_matches`` a candidate whose unit is ``'unknown'``
    (the text names no unit the codebook maps) agrees with any ``unit``, as
    in the validator; a candidate with the exact unit is still preferred.
    """
    agreeing = [
        c
        for c in overlapping(candidates, start, end)
        if (value is None or math.isclose(c.value, value, rel_tol=rel_tol))
        and (qualifier is None or c.qualifier == qualifier)
    ]
    for c in agreeing:
        if unit is None or c.unit == unit:
            return c
    if unknown_unit_matches:
        return next((c for c in agreeing if c.unit == "unknown"), None)
    return None


# --- command line -----------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``unionanalysis extract``."""
    from .engine.command import add_engine_arguments, add_paths_argument

    add_paths_argument(parser)
    parser.add_argument(
        "--format", choices=("csv", "json"), default="csv", help="output format (default: csv)"
    )
    parser.add_argument(
        "--body-only", action="store_true", help="skip numbers in site chrome (menus, footers)"
    )
    add_engine_arguments(parser)


def _number(x: float) -> int | float:
    """Whole numbers print without '.0' so the output reads like the article."""
    return int(x) if math.isfinite(x) and x == int(x) and abs(x) < 2**53 else x


def _row(c: Candidate) -> dict[str, object]:
    row = asdict(c)
    for key in ("value", "value_low", "value_high"):
        row[key] = _number(row[key])
    return row


def run(args: argparse.Namespace) -> int:
    """Extract from every article; unreadable ones are reported and give exit code 2.

    Without ``--output`` the candidates are printed (CSV or JSON); with it,
    or with ``--engine dask``, they go to Parquet partitions (see
    :mod:`unionanalysis.engine`).
    """
    from .engine.command import check_engine_arguments, print_rows, run_engine

    prog = "unionanalysis extract"
    if (problem := check_engine_arguments(args, prog)) is not None:
        print(problem, file=sys.stderr)
        return 2
    if args.output is not None:
        from .engine import ExtractTask

        return run_engine(args, ExtractTask(body_only=args.body_only), prog)
    from .archive import Skipped, cleaned, iter_articles

    rows: list[dict[str, object]] = []
    failed = False
    for item in iter_articles(args.paths, root=_default_root()):
        try:
            if isinstance(item, Skipped):
                raise SourceError(str(item))
            found = extract(cleaned(item), body_only=args.body_only, file=item.name)
        except SourceError as exc:
            print(f"{prog}: error: {exc}", file=sys.stderr)
            failed = True
            continue
        rows += [_row(c) for c in found]
    print_rows(rows, COLUMNS, args.format)
    return 2 if failed else 0
