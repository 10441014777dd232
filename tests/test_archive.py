"""Archive input: folders, globs, zip, tar.gz, JSON Lines; bad members reported, not fatal."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest

from unionanalysis.archive import Article, Skipped, cleaned, iter_articles, plan
from unionanalysis.extract import SourceError

ARTICLE = "{place}总工会今年建成职工驿站{n}个，慰问困难职工{m}人，发放慰问金{k}万元。"
UNDECODABLE = b"\xff\xfe\xff\xff" * 8  # no valid UTF-8, GB18030 or Big5 sequence
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


def texts(n: int) -> list[str]:
    places = ["武汉市", "大同市", "延安市", "兰州市"]
    return [ARTICLE.format(place=places[i % 4], n=10 + i, m=300 + i, k=5 + i) for i in range(n)]


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def make_tar(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def names(items: list[Article | Skipped]) -> list[str]:
    return [i.name for i in items if isinstance(i, Article)]


def test_folders_are_walked_recursively_in_sorted_order(tmp_path):
    for rel, text in zip(["b/2.txt", "a/1.txt", "a/z/3.txt", "c.txt"], texts(4), strict=True):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article")
    items = list(iter_articles([tmp_path], root=tmp_path))
    assert names(items) == ["a/1.txt", "a/z/3.txt", "b/2.txt", "c.txt"]
    assert items[0].data == texts(4)[1].encode()


def test_glob_patterns_and_missing_inputs(tmp_path):
    for i, text in enumerate(texts(3)):
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")
    items = list(
        iter_articles(
            [tmp_path / "[01].txt", tmp_path / "nothing*.txt", tmp_path / "gone.txt"], root=tmp_path
        )
    )
    assert names(items) == ["0.txt", "1.txt"]
    reasons = {Path(s.name).name: s.reason for s in items if isinstance(s, Skipped)}
    assert reasons == {
        "nothing*.txt": "pattern matches no file",
        "gone.txt": "no such file or directory",
    }


def test_zip_binary_and_undecodable_members_are_skipped_and_named(tmp_path):
    archive = make_zip(
        tmp_path / "a.zip",
        {
            "x/1.txt": texts(1)[0].encode(),
            "x/logo.png": BINARY,
            "x/bad.txt": UNDECODABLE,
            "x/gbk.txt": texts(2)[1].encode("gb18030"),
        },
    )
    items = list(iter_articles([archive], root=tmp_path))
    assert names(items) == [
        "a.zip:x/1.txt",
        "a.zip:x/logo.png",
        "a.zip:x/bad.txt",
        "a.zip:x/gbk.txt",
    ]
    outcome = {}
    for article in items:
        try:
            outcome[article.name] = cleaned(article).text
        except SourceError as exc:
            outcome[article.name] = str(exc)
    assert outcome["a.zip:x/1.txt"] == texts(1)[0].replace("，", ",")
    assert outcome["a.zip:x/gbk.txt"].startswith("大同市总工会")
    assert outcome["a.zip:x/logo.png"].startswith("a.zip:x/logo.png: binary file")
    assert outcome["a.zip:x/bad.txt"].startswith("a.zip:x/bad.txt: cannot decode")


def test_a_file_that_is_no_zip_is_reported(tmp_path):
    (tmp_path / "fake.zip").write_bytes(b"PK not really")
    assert list(iter_articles([tmp_path / "fake.zip"], root=tmp_path)) == [
        Skipped("fake.zip", "not a readable zip archive (File is not a zip file)")
    ]


def test_tar_gz_members_in_order_and_a_truncated_archive_keeps_what_it_has(tmp_path):
    members = {f"t/{i}.txt": t.encode() for i, t in enumerate(texts(3))}
    whole = make_tar(tmp_path / "ok.tar.gz", members)
    assert names(list(iter_articles([whole], root=tmp_path))) == [
        f"ok.tar.gz:t/{i}.txt" for i in range(3)
    ]

    big = {f"t/{i}.txt": (t * 400).encode() for i, t in enumerate(texts(6))}
    data = make_tar(tmp_path / "full.tar.gz", big).read_bytes()
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(data[: len(data) // 2])
    items = list(iter_articles([cut], root=tmp_path))
    read = [i for i in items if isinstance(i, Article)]
    assert 1 <= len(read) < 6
    assert all(a.data == big[a.name.split(":", 1)[1]] for a in read)
    problems = [s for s in items if isinstance(s, Skipped)]
    assert problems and problems[0].name == "cut.tar.gz"
    assert problems[0].reason.startswith("truncated or damaged archive after")


def test_json_lines_with_ids_urls_dates_and_bad_lines(tmp_path):
    lines = [
        json.dumps(
            {"id": "n1", "text": texts(1)[0], "url": "https://example.org/1", "date": "2024-05-01"}
        ),
        "",
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": texts(2)[1]}, ensure_ascii=False),
    ]
    path = tmp_path / "crawl.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_articles([path], root=tmp_path))
    articles = [i for i in items if isinstance(i, Article)]
    assert [(a.id, a.name, a.url, a.date) for a in articles] == [
        ("n1", "crawl.jsonl:1", "https://example.org/1", "2024-05-01"),
        ("crawl.jsonl:5", "crawl.jsonl:5", "", ""),
    ]
    assert articles[1].text == texts(2)[1]
    skipped = {s.name: s.reason for s in items if isinstance(s, Skipped)}
    assert set(skipped) == {"crawl.jsonl:3", "crawl.jsonl:4"}
    assert skipped["crawl.jsonl:3"].startswith("not a JSON line")
    assert skipped["crawl.jsonl:4"] == "no string 'text' field"


def test_plan_partitions_by_size_and_fingerprints_are_stable(tmp_path):
    for i, text in enumerate(texts(10)):
        (tmp_path / f"{i:02d}.txt").write_text(text * 10, encoding="utf-8")
    size = (tmp_path / "00.txt").stat().st_size
    parts, skipped = plan([tmp_path], partition_bytes=3 * size, root=tmp_path)
    assert skipped == [] and [p.n_articles for p in parts] == [3, 3, 3, 1]
    again, _ = plan([tmp_path], partition_bytes=3 * size, root=tmp_path)
    assert [p.fingerprint for p in parts] == [p.fingerprint for p in again]
    (tmp_path / "04.txt").write_text("changed", encoding="utf-8")
    changed, _ = plan([tmp_path], partition_bytes=3 * size, root=tmp_path)
    assert [a.fingerprint == b.fingerprint for a, b in zip(parts, changed, strict=False)][:2] == [
        True,
        False,
    ]
    with pytest.raises(ValueError, match="partition_bytes"):
        plan([tmp_path], partition_bytes=0)


def test_json_lines_split_into_line_ranges(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text(
        "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts(20))),
        encoding="utf-8",
    )
    parts, _ = plan([path], partition_bytes=path.stat().st_size // 4, root=tmp_path)
    assert len(parts) >= 4 and sum(p.n_articles for p in parts) == 20
    ids = [a.id for a in iter_articles([path], root=tmp_path)]
    assert ids == [str(i) for i in range(20)]
