"""Screening: union programme reports score above the threshold, other news below."""

from __future__ import annotations

import csv
import io

import pytest
from test_archive import BINARY, texts

import unionanalysis as ua
from unionanalysis.archive import cleaned, iter_articles
from unionanalysis.cli import main
from unionanalysis.engine import run
from unionanalysis.paths import sources_dir
from unionanalysis.screen import THRESHOLD, ScreenTask, score_text
from unionanalysis.screen.samples import KINDS, irrelevant_texts
from unionanalysis.text import clean

REPORT = "武汉市总工会今年建成职工驿站120个,慰问困难职工3500人次,发放慰问金260万元。"


def test_a_union_report_scores_full_marks_and_says_why():
    s = score_text(REPORT)
    # one union body of three (0.15), four programme words (0.35), three figures (0.20)
    assert s.score == 0.7 and s.relevant()
    assert s.union_words == {"总工会": 1}
    assert s.programme_words == {"职工": 1, "驿站": 1, "慰问": 2, "困难职工": 1}
    assert s.figures == 3
    assert s.why() == "总工会×1 | 慰问×2 困难职工×1 职工×1 驿站×1 | 3 figures"
    assert score_text("工会会员、各级工会和" + REPORT).score == 1.0


def test_parts_add_up_with_their_weights():
    assert score_text("今天天气很好。").score == 0.0
    assert score_text("市总工会召开会议。").score == pytest.approx(0.15)  # one body word of three
    assert score_text("工会 工会 工会").score == pytest.approx(0.45)
    # programme words count once each, however often they occur
    assert score_text("慰问 慰问 慰问 慰问").score == round(0.35 / 3, 3)


def test_generated_irrelevant_texts_stay_below_the_threshold():
    samples = irrelevant_texts(10, seed=3)
    assert {k for k, _ in samples} == set(KINDS) and len(samples) == 10 * len(KINDS)
    scores = {
        kind: max(score_text(clean(t)).score for k, t in samples if k == kind) for kind in KINDS
    }
    assert max(scores.values()) < THRESHOLD, scores
    # without a union body, programme words and figures are not enough
    assert scores["charity"] == scores["staff_meeting"] == pytest.approx(0.55)
    assert irrelevant_texts(2, seed=3) == irrelevant_texts(2, seed=3)


@pytest.mark.sources
def test_every_labelled_article_in_the_sources_is_found():
    root = sources_dir()
    if root is None:
        pytest.skip("raw source texts not available (set UNIONANALYSIS_SOURCES)")
    missed = [a.name for a in iter_articles([root]) if not score_text(cleaned(a)).relevant()]
    assert missed == []


def test_screen_command_lists_relevant_articles_with_their_words(tmp_path, capsys):
    (tmp_path / "union.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "weather.txt").write_text(irrelevant_texts(1)[0][1], encoding="utf-8")
    (tmp_path / "logo.txt").write_bytes(BINARY)
    assert main(["screen", str(tmp_path)]) == 2  # the binary file is reported
    out = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out.out)))
    assert [(r["file"].rsplit("/", 1)[-1], r["score"], r["relevant"]) for r in rows] == [
        ("union.txt", "0.7", "True")
    ]
    assert rows[0]["why"].startswith("总工会×1 |") and "binary file" in out.err
    assert main(["screen", "--all", "--threshold", "0.99", str(tmp_path / "weather.txt")]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["relevant"] for r in rows] == ["False"]


def test_screening_runs_on_the_engine_into_parquet(tmp_path):
    for i, t in enumerate([*texts(3), irrelevant_texts(1)[-1][1]]):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / f"{i}.txt").write_text(t, encoding="utf-8")
    run([tmp_path / "in"], ScreenTask(), tmp_path / "out", engine="local", root=tmp_path)
    got = ua.load_candidates(tmp_path / "out", lazy=False)
    assert got["file"].tolist() == [f"in/{i}.txt" for i in range(4)]
    assert got["relevant"].tolist() == [True, True, True, False]
