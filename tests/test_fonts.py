"""Chinese labels really render: Noto Sans CJK SC glyphs, no tofu boxes, no warnings."""

from __future__ import annotations

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from unionanalysis import fonts, plots

needs_font = pytest.mark.skipif(
    not any(p.is_file() for p in fonts.CJK_FONT_FILES),
    reason="fonts-noto-cjk is not installed (make fonts / .ci/run install it)",
)


def _pixels(text: str, family: list[str]) -> np.ndarray:
    fig = plt.figure(figsize=(1.2, 0.5), dpi=100)
    fig.text(0.05, 0.2, text, fontfamily=family, fontsize=20)
    fig.canvas.draw()
    image = np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()
    plt.close(fig)
    return image


@needs_font
def test_chinese_text_draws_real_glyphs_without_warnings():
    fonts.require_cjk_font()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning: make it fail
        noto = _pixels("工会驿站", [fonts.CJK_FAMILY])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tofu = _pixels("工会驿站", ["DejaVu Sans"])  # no CJK glyphs: boxes
        other = _pixels("东西南北", [fonts.CJK_FAMILY])
    inked = (noto < 128).any(axis=2)
    assert inked.sum() > 50, "nothing was drawn"
    assert not np.array_equal(noto, tofu), "the glyphs look like the missing-glyph boxes"
    assert not np.array_equal(noto, other), "different characters drew the same shapes"


@needs_font
def test_zh_paper_context_labels_without_missing_glyph_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with plots.paper_context("single", lang="zh"):
            fig, ax = plt.subplots()
            ax.set_title("工会驿站（最新报道）")
            ax.set_xlabel("每万常住人口")
            fig.canvas.draw()
            family = plt.rcParams["font.sans-serif"][0]
        plt.close(fig)
    assert family == fonts.CJK_FAMILY


def test_missing_font_fails_clearly(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "CJK_FONT_FILES", (tmp_path / "none.ttc",))
    fonts.require_cjk_font.cache_clear()
    try:
        with pytest.raises(fonts.FontError, match="apt-get install fonts-noto-cjk"):
            fonts.require_cjk_font()
        with pytest.raises(fonts.FontError), plots.paper_context(lang="zh"):
            pass
    finally:
        fonts.require_cjk_font.cache_clear()


def test_a_different_font_file_stops_a_build(monkeypatch, tmp_path):
    fake = tmp_path / "NotoSansCJK-Regular.ttc"
    fake.write_bytes(b"not the font the figures were made with")
    monkeypatch.setattr(fonts, "CJK_FONT_FILES", (fake,))
    monkeypatch.setenv("UNIONANALYSIS_BUILD", "1")
    fonts.require_cjk_font.cache_clear()
    try:
        with pytest.raises(fonts.FontError, match="would change the figure bytes"):
            fonts.require_cjk_font()
    finally:
        fonts.require_cjk_font.cache_clear()


def test_unknown_lang_is_refused():
    with pytest.raises(ValueError, match="lang must be"), plots.paper_context(lang="fr"):
        pass
