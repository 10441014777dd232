"""Propose complete rows for one article: a metric or an exclusion for every body number.

:func:`propose_article` is the whole curation stage for one text, a plain
function over one article so that an engine can run it per file in
parallel; :func:`curate_frame` runs it over several files. Each field comes
from the rule module that owns it (``places``, ``programmes``,
``indicators``, ``periods``, ``quotes``, ``exclusions``) and every row
carries ``why`` (the rules that chose its fields) and ``confidence`` (the
weakest of them), so that a reviewer checks the doubtful rows first.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from ..extract import Candidate, extract, number_spans, read_clean
from ..text import CleanText, Span, clean_text
from .context import Context, context_at
from .exclusions import candidate_reason, span_reason
from .indicators import PER_HEAD, indicator_for, mark_parts
from .periods import LAST_YEAR_LEAD, REVIEW, period_for
from .places import Gazetteer, Place, figure_place, gazetteer, union_bodies
from .programmes import programme_for
from .quotes import quote_for
from .units import unit_for_unknown

__all__ = [
    "EXCLUSION_COLUMNS",
    "METRIC_COLUMNS",
    "REVIEW_COLUMNS",
    "SOURCE_COLUMNS",
    "Proposal",
    "curate_frame",
    "propose_article",
    "source_id_for",
]

SOURCE_COLUMNS = (
    "source_id file sha256 outlet title author published date_precision url place_zh notes".split()
)
METRIC_COLUMNS = (
    "metric_id source_id place_zh place_en place_level province_zh adcode reporting_body "
    "programme_zh programme_en measure indicator value value_low value_high qualifier unit "
    "reported_text quote period_start period_end period_kind year notes"
).split()
EXCLUSION_COLUMNS = "source_id reported_text quote reason notes".split()
REVIEW_COLUMNS = [*METRIC_COLUMNS, "file", "decision", "reason", "confidence", "why"]


@dataclass
class Proposal:
    """The proposed rows of one article.

    ``source`` is one row of ``sources.csv``; ``metrics`` and ``exclusions``
    have exactly the columns of ``metrics.csv`` and ``exclusions.csv``;
    ``rows`` is the review table (every number, text order, with ``file``,
    ``decision``, ``reason``, ``confidence``, ``why``, ``start`` and ``end``);
    ``places`` lists places used that ``places.csv`` does not know yet.
    """

    source: pd.DataFrame
    metrics: pd.DataFrame
    exclusions: pd.DataFrame
    rows: pd.DataFrame
    places: pd.DataFrame


# --- the article --------------------------------------------------------------

_FILE_ID = (
    (re.compile(r"(?:^|/)seeds/(\d{3})[^/]*\.txt$"), "seed"),
    (re.compile(r"(?:^|/)corpus/(\d{3})[^/]*\.txt$"), "c"),
    (re.compile(r"(?:^|/)corpus2/(\d{3})[^/]*\.txt$"), "d"),
)


def source_id_for(file: str) -> str:
    """``corpus2/007.txt`` -> ``d007`` (also ``seeds/`` -> ``seedNNN``, ``corpus/`` -> ``cNNN``)."""
    for pattern, prefix in _FILE_ID:
        if m := pattern.search(file):
            return prefix + m.group(1)
    return ""


_HEADER_DATE = re.compile(r"((?:19|20)[0-9]{2})[-年/.]([0-9]{1,2})[-月/.]([0-9]{1,2})")


def _precision(published: str) -> str:
    return {0: "unknown", 1: "year", 2: "month", 3: "day"}[
        len([p for p in published.split("-") if p])
    ]


def _article_place(
    gaz: Gazetteer, cleaned: CleanText, manifest_place: str
) -> tuple[Place | None, str]:
    if manifest_place:
        place = gaz.resolve(manifest_place)
        if place is not None:
            return place, f"place={place.place_zh}: the manifest"
    body = cleaned.body_text()
    for b in union_bodies(body):
        if b.level == "national" and b.reporting_body == "全国总工会":
            return gaz.national(), "place=全国: 全总 is the first union body named"
        if not b.place_name:
            continue
        found = gaz.mentions(body[b.start : b.end])
        if found:
            place = found[-1].places[0]
            return place, f"place={place.place_zh}: the first union body ({body[b.start : b.end]})"
    found = gaz.mentions(body)
    if found:
        place = found[0].places[0]
        return place, f"place={place.place_zh}: the first place named"
    return None, "place=none: no union body or place named"


def _row_place(
    gaz: Gazetteer, ctx: Context, article: Place | None
) -> tuple[Place | None, str, float]:
    return figure_place(gaz, ctx, article)


_ALL_BODY = {
    "national": "全国各级工会",
    "province": "全省各级工会",
    "prefecture": "全市各级工会",
    "county": "全区各级工会",
    "district": "全区各级工会",
}
_LEVEL_BODY = {
    "national": "全国总工会",
    "province": "省总工会",
    "prefecture": "市总工会",
    "county": "区总工会",
    "district": "区总工会",
}


def _reporting_body(ctx: Context, place: Place | None, article_body: str) -> tuple[str, str]:
    level = place.level if place is not None else ""
    for text, where in (
        (ctx.sentence_before, "sentence"),
        (ctx.text[ctx.line_start : ctx.start], "paragraph"),
    ):
        bodies = union_bodies(text)
        if bodies:
            b = bodies[-1]
            body = b.reporting_body
            if body == "各级工会":
                body = _ALL_BODY.get(level, body)
            if b.level == "county" and body == "区总工会" and b.place_name.endswith("县"):
                body = "县总工会"
            return body, f"reporting_body={body}: named in the {where}"
    if re.search(r"全(?:市|省|国|区|县)", ctx.sentence_before):
        body = _ALL_BODY.get(level, "各级工会")
        return body, f"reporting_body={body}: 全… in the sentence"
    if article_body:
        return article_body, f"reporting_body={article_body}: the article's first union body"
    body = _LEVEL_BODY.get(level, "")
    return body, f"reporting_body={body}: the level of the place"


# campaigns a lead may announce: the article's figures without a time phrase are theirs
CAMPAIGN_LEAD = re.compile(r"送温暖|金秋助学|送清凉|春节|两节|双节|新春|元旦|慰问")


def _figure_key(text: str, cand: Candidate) -> tuple[float, str, str]:
    """What makes two figures of one article the same: value, unit and, for goods, the
    measure word (2000余册 of books and 2000余张 of cards are two figures)."""
    word = ""
    if cand.unit in ("item", "facility", "organisation"):
        tail = text[cand.start : cand.end + 1]
        word = re.sub(r"[0-9.,零〇一二三四五六七八九十百千万亿两余多近约超过 ]", "", tail)[:1]
    return cand.value, cand.unit, word


def _looks_back_on_last_year(lead: str, published: str) -> bool:
    """An article of January to April whose lead reviews the year before."""
    m = re.match(r"((?:19|20)[0-9]{2})-([0-9]{2})", published)
    if not m or int(m.group(2)) > 4:
        return False
    return bool(LAST_YEAR_LEAD.search(lead) or f"{int(m.group(1)) - 1}年" in lead)


def _rounds_a_later(cand: Candidate, cands: list[Candidate]) -> bool:
    """A bounded figure (7027万余元) whose bounds hold a later exact one of the same
    unit (7027.5242万元): a headline's rounding of the body's figure."""
    if cand.qualifier == "exact" or cand.value < 10:
        return False
    return any(
        c.start > cand.end
        and c.unit == cand.unit
        and c.qualifier == "exact"
        and c.value != cand.value
        and cand.value_low <= c.value <= cand.value_high
        for c in cands
    )


def _is_headline(ctx: Context) -> bool:
    line = ctx.line.rstrip("!！")  # 今年沈阳将再建300个户外劳动者服务站!
    return len(line) < 60 and not re.search(r"[。;；!！?？]", line)


def _number(x: float) -> int | float:
    return int(x) if math.isfinite(x) and x == int(x) and abs(x) < 2**53 else x


# --- one article ------------------------------------------------------------------


def _is_file(text: str) -> bool:
    try:
        return Path(text).is_file()
    except OSError:  # a sentence longer than a file name may be
        return False


def _read(text_or_path: str | Path | bytes, file: str | None) -> tuple[CleanText, str, str]:
    """Cleaned text, file name as in sources.csv, sha256 of the raw bytes."""
    if isinstance(text_or_path, Path) or (
        isinstance(text_or_path, str)
        and "\n" not in text_or_path
        and len(text_or_path) < 4096
        and _is_file(text_or_path)
    ):
        path = Path(text_or_path)
        raw = path.read_bytes()
        cleaned = read_clean(path)
        if file is None:
            from ..extract import _default_root, _display_name

            file = _display_name(path, _default_root())
        return cleaned, file, hashlib.sha256(raw).hexdigest()
    raw = text_or_path.encode("utf-8") if isinstance(text_or_path, str) else text_or_path
    return clean_text(raw), file or "", hashlib.sha256(raw).hexdigest()


def propose_article(
    text_or_path: str | Path | bytes,
    *,
    manifest_row: Mapping[str, str] | None = None,
    places: Gazetteer | Path | str | None = None,
    source_id: str | None = None,
    file: str | None = None,
    whole_text: bool = False,
) -> Proposal:
    """Propose a metric or an exclusion for every number in one article's body.

    ``text_or_path`` is a path to the raw file or the raw text itself;
    ``manifest_row`` its row of ``manifest.tsv`` (published date, outlet,
    url, place); ``places`` a :class:`Gazetteer` or the ``places.csv`` to
    build it from (default ``data/places.csv``). ``source_id`` defaults to
    the one the file name implies (``corpus2/007.txt`` -> ``d007``). With
    ``whole_text`` every line counts as body (for single sentences).
    """
    gaz = places if isinstance(places, Gazetteer) else gazetteer(places)
    cleaned, file, sha = _read(text_or_path, file)
    text = cleaned.text
    manifest = dict(manifest_row or {})
    sid = source_id if source_id is not None else source_id_for(file or manifest.get("file", ""))
    published = (manifest.get("published") or "").strip()
    if not published and (m := _HEADER_DATE.search(text[:600])):
        published = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    article, article_why = _article_place(gaz, cleaned, (manifest.get("place_zh") or "").strip())
    body_text = cleaned.body_text()
    bodies = [b for b in union_bodies(body_text) if b.reporting_body != "各级工会"]
    article_body = bodies[0].reporting_body if bodies else ""
    lead = text[: (cleaned.body[0].end if cleaned.body else 200)]
    review = bool(REVIEW.search(lead))
    last_year_review = _looks_back_on_last_year(lead, published)
    campaign_name = CAMPAIGN_LEAD.search(lead)
    article_campaign = campaign_name.group(0) if campaign_name else ""

    if whole_text:
        cleaned = CleanText(text, cleaned.encoding, cleaned.damaged, [Span(0, len(text), "body")])
    cands = extract(cleaned, body_only=True, file=file)
    unit_why: dict[int, str] = {}
    for i, c in enumerate(cands):  # counts the extractor left without a unit
        before = (cands[i - 1].unit, cands[i - 1].end) if i else None
        if c.unit == "unknown" and (
            found := unit_for_unknown(context_at(text, c.start, c.end), c.text, previous=before)
        ):
            cands[i] = replace(c, unit=found[0])
            unit_why[c.start] = found[1]
    spans = [
        (a, b, kind)
        for a, b, kind in number_spans(text)
        if cleaned.in_body(a, b) and not any(c.start < b and a < c.end for c in cands)
    ]
    items: list[tuple[int, Candidate | None, int, str]] = [(c.start, c, c.end, "") for c in cands]
    items += [(a, None, b, kind) for a, b, kind in spans]
    items.sort(key=lambda x: x[0])

    # figures stated again later (a headline before its body sentence) are repeats
    later_values: dict[tuple[float, str, str], int] = {}
    for c in cands:
        k = _figure_key(text, c)
        later_values[k] = later_values.get(k, 0) + 1

    rows: list[dict[str, object]] = []
    seen: dict[tuple[float, str, str], str] = {}
    seen_in: dict[tuple[float, str, str], int] = {}  # the sentence of the first
    seen_qualifier: dict[tuple[float, str, str], str] = {}
    new_places: dict[str, Place] = {}
    n_metric = 0
    for start, cand, end, kind in items:
        ctx = context_at(text, start, end)
        if cand is None:
            reason = span_reason(ctx, kind)
            if reason is None:
                continue
            quote, quote_rule = quote_for(ctx, ctx.number)
            rows.append(
                _exclusion_row(sid, file, ctx.number, quote, reason, quote_rule, start, end)
            )
            continue
        key = _figure_key(text, cand)
        later_values[key] -= 1
        reason = candidate_reason(ctx, cand, damaged=cleaned.damaged)
        # a per-head standard raised from one level to another may repeat an old value
        per_head = (
            cand.unit == "yuan"
            and PER_HEAD.search(ctx.sentence_before)
            and re.search(r"从|由|提高|调整|提升", ctx.sentence_before)
        )
        # one sentence listing two goods of one size (白糖1万余斤,绿豆1万余斤) has no repeat
        if (
            reason is None
            and key in seen
            and cand.value >= 10
            and not per_head
            and (cand.unit != "item" or seen_in[key] != ctx.sentence_start)
            and seen_qualifier[key] == cand.qualifier  # 每户100元, then 不低于100元: two standards
        ):
            reason = ("repeat", f"exclusion=repeat: same figure as {seen[key]}", 0.6)
        if reason is None and _is_headline(ctx) and later_values[key] > 0 and not per_head:
            reason = ("repeat", "exclusion=repeat: headline figure stated again in the body", 0.6)
        if reason is None and _is_headline(ctx) and _rounds_a_later(cand, cands):
            reason = ("repeat", "exclusion=repeat: headline rounds a figure of the body", 0.55)
        quote, quote_rule = quote_for(ctx, cand.text)
        if reason is not None:
            row = _exclusion_row(sid, file, cand.text, quote, reason, quote_rule, start, end)
            row.update(
                value=_number(cand.value),
                value_low=_number(cand.value_low),
                value_high=_number(cand.value_high),
                qualifier=cand.qualifier,
                unit=cand.unit,
            )
            rows.append(row)
            continue
        n_metric += 1
        metric_id = f"{sid}-{n_metric:02d}" if sid else ""
        seen[key] = metric_id or cand.text
        seen_in.setdefault(key, ctx.sentence_start)
        seen_qualifier.setdefault(key, cand.qualifier)
        place, place_why, place_conf = _row_place(gaz, ctx, article)
        if place is not None and not place.known:
            new_places[place.place_zh] = place
        body, body_why = _reporting_body(ctx, place, article_body)
        prog_zh, prog_en, prog_why = programme_for(ctx, lead)
        guess = indicator_for(ctx, cand.unit, prog_zh)
        period = period_for(
            ctx,
            published=published,
            indicator=guess.indicator,
            programme_zh=prog_zh,
            article_campaign=article_campaign,
            review=review,
            last_year_review=last_year_review,
            lead=lead,
        )
        why = "; ".join(
            [
                f"decision=metric: unit {cand.unit}"
                + (f" ({unit_why[cand.start]})" if cand.start in unit_why else ""),
                f"value={cand.text}: {cand.qualifier}",
                place_why
                if place is None
                or place_why != f"place={article.place_zh if article else ''}: the article's place"
                else article_why,
                body_why,
                prog_why,
                guess.why,
                period.why,
                quote_rule,
            ]
        )
        confidence = min(guess.confidence, period.confidence, place_conf)
        if place is not None and not place.known:
            confidence = min(confidence, 0.3)
        rows.append(
            {
                "metric_id": metric_id,
                "source_id": sid,
                "place_zh": place.place_zh if place else "",
                "place_en": place.place_en if place else "",
                "place_level": place.level if place else "",
                "province_zh": place.province_zh if place and place.level != "national" else "",
                "adcode": place.adcode if place else "",
                "reporting_body": body,
                "programme_zh": prog_zh,
                "programme_en": prog_en,
                "measure": guess.measure,
                "indicator": guess.indicator,
                "value": _number(cand.value),
                "value_low": _number(cand.value_low),
                "value_high": _number(cand.value_high),
                "qualifier": cand.qualifier,
                "unit": cand.unit,
                "reported_text": cand.text,
                "quote": quote,
                "period_start": period.start,
                "period_end": period.end,
                "period_kind": period.kind,
                "year": period.year if period.year is not None else "",
                "notes": "",
                "file": file,
                "decision": "metric",
                "reason": "",
                "confidence": round(confidence, 2),
                "why": why,
                "start": start,
                "end": end,
            }
        )
    mark_parts(rows)
    review = pd.DataFrame(rows, columns=[*REVIEW_COLUMNS, "start", "end"])
    is_metric = review["decision"] == "metric"
    metrics = review.loc[is_metric, METRIC_COLUMNS].reset_index(drop=True)
    exclusions = review.loc[~is_metric, EXCLUSION_COLUMNS].reset_index(drop=True)
    title = next((line for line in text.split("\n")[:5] if 4 <= len(line) <= 80), "")
    source = pd.DataFrame(
        [
            {
                "source_id": sid,
                "file": file,
                "sha256": sha,
                "outlet": manifest.get("outlet", "") or "",
                "title": title,
                "author": "",
                "published": published,
                "date_precision": _precision(published),
                "url": manifest.get("url", "") or "",
                "place_zh": article.place_zh if article else "",
                "notes": f"proposed by unionanalysis curate ({article_why}); to review",
            }
        ],
        columns=SOURCE_COLUMNS,
    )
    place_rows = pd.DataFrame(
        [
            {
                "place_zh": p.place_zh,
                "place_en": p.place_en,
                "level": p.level,
                "parent_zh": p.parent_zh,
                "adcode": p.adcode,
                "population": "",
                "population_year": "",
                "population_basis": "",
                "population_source": "",
                "notes": "from the GB/T 2260 table of cpca; "
                "place_en and population not yet looked up",
            }
            for p in new_places.values()
        ],
        columns="place_zh place_en level parent_zh adcode population population_year "
        "population_basis population_source notes".split(),
    )
    return Proposal(source, metrics, exclusions, review, place_rows)


def _exclusion_row(
    sid: str,
    file: str,
    reported: str,
    quote: str,
    reason: tuple[str, str, float],
    quote_rule: str,
    start: int,
    end: int,
) -> dict[str, object]:
    code, why, confidence = reason
    note = why.split(": ", 1)[1] if ": " in why else ""
    return {
        **dict.fromkeys(METRIC_COLUMNS, ""),
        "source_id": sid,
        "reported_text": reported,
        "quote": quote,
        "notes": note,
        "file": file,
        "decision": "exclusion",
        "reason": code,
        "confidence": round(confidence, 2),
        "why": f"decision=exclusion: {why}; {quote_rule}",
        "start": start,
        "end": end,
    }


# --- several articles ----------------------------------------------------------------


def curate_frame(
    paths: Iterable[str | Path],
    *,
    manifest: pd.DataFrame | None = None,
    places: Gazetteer | Path | str | None = None,
) -> pd.DataFrame:
    """The review table of several articles (columns :data:`REVIEW_COLUMNS`), text order."""
    gaz = places if isinstance(places, Gazetteer) else gazetteer(places)
    lookup = manifest_lookup(manifest)
    frames = []
    for path in paths:
        path = Path(path)
        row = lookup(path)
        frames.append(propose_article(path, manifest_row=row, places=gaz).rows)
    if not frames:
        return pd.DataFrame(columns=REVIEW_COLUMNS)
    return pd.concat(frames, ignore_index=True)[REVIEW_COLUMNS]


def read_manifests(paths: Iterable[Path]) -> pd.DataFrame:
    """Manifest rows (TSV, column ``file`` relative to the sources folder) of several files."""
    frames = [
        pd.read_csv(p, sep="\t", dtype=str, keep_default_na=False)
        for p in paths
        if Path(p).is_file()
    ]
    return (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["file", "sha256"])
    )


def default_manifest() -> pd.DataFrame:
    """``manifest.tsv`` and ``*/manifest.tsv`` of the sources folder (empty without it)."""
    from ..paths import sources_dir

    root = sources_dir()
    if root is None:
        return pd.DataFrame(columns=["file", "sha256"])
    return read_manifests([root / "manifest.tsv", *sorted(root.glob("*/manifest.tsv"))])


def manifest_lookup(manifest: pd.DataFrame | None):
    """A function path -> manifest row (by sha256 of the file, else by relative path)."""
    manifest = default_manifest() if manifest is None else manifest
    by_sha = {r["sha256"]: r for r in manifest.to_dict("records") if r.get("sha256")}
    by_file = {r["file"]: r for r in manifest.to_dict("records") if r.get("file")}

    def lookup(path: Path) -> dict[str, str] | None:
        try:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        if sha in by_sha:
            return by_sha[sha]
        from ..extract import _default_root, _display_name

        return by_file.get(_display_name(path, _default_root()))

    return lookup
