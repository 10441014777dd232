"""cite(): the references behind metric and source ids, in BibTeX, CSL-JSON and formatted text."""

from __future__ import annotations

import json
import subprocess
import sys

import bibtexparser
import pandas as pd
import pytest
import yaml

import unionanalysis as ua
from unionanalysis.papers import cite as citing
from unionanalysis.paths import PROJECT_ROOT


@pytest.fixture(scope="module")
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    return ua.load_metrics(), ua.load_sources()


def _parse(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


def test_bibtex_of_a_metric_parses_with_url_date_and_hash(tables):
    _, sources = tables
    library = _parse(ua.cite(["c042-02"]))
    keys = [entry.key for entry in library.entries]
    assert keys == ["ua:c042", citing.DATA_KEY, citing.SOFTWARE_KEY]
    article = library.entries_dict["ua:c042"]
    row = sources.set_index("source_id").loc["c042"]
    assert article.entry_type == "article"
    assert article["url"] == row["url"]
    assert article["date"] == row["published"] == "2022-11-07"
    assert (article["year"], article["month"], article["day"]) == ("2022", "11", "7")
    assert article["journal"] == row["outlet"]
    assert row["sha256"] in article["note"]
    assert article["author"] == "{郑莉} and {郝赫}"


def test_every_source_becomes_one_parsable_entry(tables):
    _, sources = tables
    text = ua.cite(sources["source_id"].tolist(), project=False)
    library = _parse(text)
    assert sorted(e.key for e in library.entries) == sorted(
        citing.source_key(s) for s in sources["source_id"]
    )
    for entry, (_, row) in zip(
        sorted(library.entries, key=lambda e: e.key),
        sources.assign(key=sources["source_id"].map(citing.source_key))
        .sort_values("key")
        .iterrows(),
        strict=True,
    ):
        assert entry.key == row["key"]
        if pd.isna(row["title"]):
            assert "title" not in entry.fields_dict
            assert entry["note"].startswith("no headline")
        else:
            assert entry["title"] == "{" + citing._escape(row["title"]) + "}"
        if pd.isna(row["outlet"]):
            assert entry.entry_type == "misc" and "outlet unknown" in entry["note"]
        else:
            assert entry.entry_type == "article" and entry["journal"] == citing._escape(
                row["outlet"]
            )
        if pd.isna(row["published"]):
            assert "year" not in entry.fields_dict
        else:
            assert entry["date"] == row["published"]


def test_date_is_only_as_precise_as_known():
    frame = pd.DataFrame(
        {
            "source_id": ["x1", "x2", "x3"],
            "file": ["a.txt"] * 3,
            "sha256": ["0" * 64] * 3,
            "outlet": ["工人日报"] * 3,
            "title": ["t"] * 3,
            "author": [None] * 3,
            "published": ["2013-12", "2015", None],
            "date_precision": ["month", "year", "unknown"],
            "url": [None] * 3,
        }
    )
    items = citing.references(["x1", "x2", "x3"], sources=frame, project=False)
    assert [i.get("issued") for i in items] == [
        {"date-parts": [[2013, 12]]},
        {"date-parts": [[2015]]},
        None,
    ]
    entries = _parse(citing.to_bibtex(items)).entries_dict
    assert entries["ua:x1"]["date"] == "2013-12" and "day" not in entries["ua:x1"].fields_dict
    assert entries["ua:x2"]["date"] == "2015" and "month" not in entries["ua:x2"].fields_dict
    assert "url" not in entries["ua:x3"].fields_dict


def test_latex_specials_are_escaped_and_survive_parsing():
    item = {
        "id": "ua:x",
        "type": "article-newspaper",
        "title": "50% & {more} a_b",
        "container-title": "A#B",
        "note": "n",
        "URL": "http://a/?q=1%3D&b_c",
    }
    entry = _parse(citing.to_bibtex([item])).entries_dict["ua:x"]
    assert entry["title"] == r"{50\% \& \{more\} a\_b}"
    assert entry["journal"] == r"A\#B"
    assert entry["url"] == "http://a/?q=1%3D&b_c"


def test_keys_and_bytes_are_stable_across_processes():
    code = "import unionanalysis as ua; print(ua.cite(['c042-02', 'seed000-01']), end='')"
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
        ).stdout
        for env in ({"PYTHONHASHSEED": "1", "PATH": ""}, {"PYTHONHASHSEED": "2", "PATH": ""})
    ]
    assert runs[0] == runs[1]
    assert [e.key for e in _parse(runs[0]).entries][:2] == ["ua:c042", "ua:seed000"]


def test_frames_metric_ids_and_source_ids_give_the_same_sources(tables):
    metrics, sources = tables
    picked = metrics[metrics["indicator"] == "stations_total"]
    by_frame = citing.source_ids(picked[["metric_id"]], metrics=metrics, sources=sources)
    by_ids = citing.source_ids(picked["metric_id"].tolist(), metrics=metrics, sources=sources)
    by_sources = citing.source_ids(picked, metrics=metrics, sources=sources)
    assert by_frame == by_ids == by_sources == sorted(set(picked["source_id"].astype(str)))


def test_unknown_ids_are_named():
    with pytest.raises(KeyError, match="'nope-01'"):
        ua.cite(["c042-02", "nope-01"])
    with pytest.raises(KeyError, match="neither a source_id nor a metric_id"):
        ua.cite(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError, match="unknown style 'no-such-style'"):
        ua.cite("c042", style="no-such-style")


def test_dataset_and_software_come_from_citation_cff_with_version():
    cff = yaml.safe_load((PROJECT_ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    items = {i["id"]: i for i in citing.project_references()}
    assert items[citing.SOFTWARE_KEY]["version"] == cff["version"] == ua.__version__
    assert items[citing.SOFTWARE_KEY]["title"] == cff["title"]
    assert items[citing.DATA_KEY]["type"] == "dataset"
    assert items[citing.DATA_KEY]["version"] == cff["version"]
    assert "CC-BY-4.0" in items[citing.DATA_KEY]["note"]


def test_csl_json_is_plain_data(tables):
    items = json.loads(ua.cite("c041-08", style="csl-json"))
    article = items[0]
    assert article["id"] == "ua:c041"
    assert article["type"] == "article-newspaper"
    assert article["issued"] == {"date-parts": [[2024, 1, 15]]}
    assert article["URL"].startswith("http")


APA_ARTICLE = "郑莉, & 郝赫. (2022, November 7). 全国已建工会户外劳动者服务站点逾十万个. 工人日报."
HARVARD_ARTICLE = (
    "郑莉 and 郝赫 (2022) “全国已建工会户外劳动者服务站点逾十万个”, 工人日报, 7 November."
)


@pytest.mark.parametrize(
    ("style", "article", "dataset"),
    [
        (
            "apa",
            APA_ARTICLE,
            ". (2026). unionanalysis curated metrics dataset (Version 0.1.0) [Dataset].",
        ),
        ("harvard", HARVARD_ARTICLE, " (2026) “unionanalysis curated metrics dataset”."),
    ],
)
def test_formatted_styles(style, article, dataset):
    lines = ua.cite("c042", style=style).splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(article)
    assert lines[0].rstrip(".").endswith("/n1/2022/1107/c67502-32560691.html")
    assert f"The unionanalysis developers{dataset}" in lines[1:]


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("雷雪峰", ["雷雪峰"]),
        ("黄璐; 谢文哲 (通讯员)", ["黄璐", "谢文哲"]),
        ("高磊、韩文旸", ["高磊", "韩文旸"]),
        ("记者高柱 通讯员吕丹", ["高柱", "吕丹"]),
        ("叶小钟; 通讯员 单琪琨, 张静", ["叶小钟", "单琪琨", "张静"]),
        ("陈义超 (绘画); 向帅 (文字)", ["陈义超", "向帅"]),
        (None, []),
    ],
)
def test_author_names(byline, names):
    assert citing.author_names(byline) == names
