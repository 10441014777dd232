"""Tests of the cleaner (:mod:`unionanalysis.text`), whose output the curated quotes cite."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unionanalysis.paths import sources_dir
from unionanalysis.text import (
    CleanText,
    DecodeError,
    body_spans,
    clean,
    clean_text,
    damaged_spans,
    decode,
)

# Lines as they stand in the raw articles (traditional characters, inserted
# pinyin, tags) and what the curators quote from the cleaned text.
RAW_LINES = [
    # seeds/000: pinyin after each character of the menu
    ("首頁學(xué)習(xí)時政看點", "首页学习时政看点"),
    ("突出建功立業(yè) 拓展維權(quán)服務(wù)", "突出建功立业 拓展维权服务"),
    ("的“雙面向雙服務(wù)”工作思路", "的“双面向双服务”工作思路"),
    # corpus/008: traditional headline
    ("全國已建成工會驛站18.61萬個", "全国已建成工会驿站18.61万个"),
    # seeds/003: a mirror lost the characters but kept their pinyin
    ("發(fā)布時(shí)間:2018年11月29日15:37 來源: 湖北日?qǐng)?bào)", None),
]


@pytest.mark.parametrize(("raw", "expected"), [r for r in RAW_LINES if r[1] is not None])
def test_real_lines_clean_to_simplified_text(raw, expected):
    assert clean(raw) == expected


def test_pinyin_after_lost_characters_is_dropped_and_the_loss_flagged():
    cleaned = clean(RAW_LINES[-1][0])
    assert cleaned == "发布时间:2018年11月29日15:37 来源: 湖北日??"
    [span] = damaged_spans(cleaned)
    assert span.start == cleaned.index("日??") + 1


def test_pinyin_removal_example_of_the_codebook():
    assert clean("學(xué)習(xí)") == "学习"


def test_brackets_that_are_not_pinyin_stay():
    assert clean("市劳模(职工)技术服务队") == "市劳模(职工)技术服务队"
    assert clean("贫困县(区)73个乡镇") == "贫困县(区)73个乡镇"
    assert clean("AED(自动体外除颤器)") == "AED(自动体外除颤器)"


def test_full_width_digits_and_punctuation_are_folded():
    assert clean("发放慰问物资５８１．３１万元，慰问职工２万余人次") == (
        "发放慰问物资581.31万元,慰问职工2万余人次"
    )
    assert clean("（记者　白莹）") == "(记者 白莹)"


def test_tags_comments_and_blank_lines_are_dropped():
    raw = '<ul id="ymyim"><sup id="ymyim"></sup></ul>\n<!-- ad -->\n  全國已建成  工會驛站 \r\n\n'
    assert clean(raw) == "全国已建成 工会驿站"


def test_bytes_are_decoded_as_utf8_first():
    text, encoding = decode("工会驿站".encode())
    assert (text, encoding) == ("工会驿站", "utf-8")


def test_utf8_byte_order_mark_is_removed():
    assert decode("\ufeff工会".encode())[0] == "工会"


def test_gb18030_fallback():
    raw = "全市共建起166个爱心驿站".encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert decode(raw) == ("全市共建起166个爱心驿站", "gb18030")
    assert clean_text(raw).encoding == "gb18030"


def test_big5_fallback():
    # GB18030 also accepts these bytes; the common-character share picks Big5
    raw = "工會驛站服務職工,全市共建起166個愛心驛站".encode("big5")
    assert decode(raw) == ("工會驛站服務職工,全市共建起166個愛心驛站", "big5")
    assert clean(raw) == "工会驿站服务职工,全市共建起166个爱心驿站"


@pytest.mark.parametrize("raw", [b"\x80", b"abc\xff", b"\xfe\xfe\xfe", "工会".encode() + b"\x80"])
def test_undecodable_bytes_raise_a_clear_error(raw):
    with pytest.raises(DecodeError, match="utf-8, gb18030, big5") as info:
        clean(raw)
    assert repr(raw[:16]) in str(info.value)


def test_clean_text_keeps_encoding_damage_and_body():
    raw = ("正文" * 10 + ",工会驿站近16万个。\n" + "Copyright 2008-2022\n").encode("gb18030")
    result = clean_text(raw)
    assert isinstance(result, CleanText)
    assert result.encoding == "gb18030"
    assert result.damaged == []
    [body] = result.body
    assert result.text[body.start : body.end].endswith("工会驿站近16万个。")
    assert result.in_body(body.start, body.end)
    assert not result.in_body(body.end + 1, len(result.text))


def test_str_input_has_no_encoding():
    assert clean_text("工会").encoding is None


def test_damaged_spans_flag_replacement_and_question_marks():
    text = "湖北日??全媒记者\n正常的一行\n乱码\ufffd字"
    spans = damaged_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["??", "\ufffd"]
    assert all(s.label == "damaged" for s in spans)


def test_clean_text_has_no_damage():
    assert damaged_spans("全国已建成工会驿站18.61万个,覆盖服务职工群众1.93亿人。") == []


def test_body_spans_skip_chrome_and_keep_subheads():
    body = "大同市总工会坚持增强政治性、先进性、群众性的工会改革方向,坚持面向基层。"
    text = "\n".join(
        [
            "首页 > 工运",
            body,
            "打造维权工程 探索服务模式",
            body,
            "关于我们 | 版权声明 | 违法和不良信息举报电话:010-84151598",
        ]
    )
    lines = [text[s.start : s.end] for s in body_spans(text)]
    assert lines == [body, "打造维权工程 探索服务模式", body]


@pytest.mark.sources
def test_every_source_cleans_idempotently():
    root = sources_dir()
    if root is None:
        pytest.skip("raw source texts not available (set UNIONANALYSIS_SOURCES)")
    paths = sorted(root.glob("*/*.txt"))
    assert paths, f"no article texts under {root}"
    for path in paths:
        cleaned = clean(path.read_bytes())
        assert clean(cleaned) == cleaned, path


# --- properties -------------------------------------------------------------------

_MESSY = st.text(
    alphabet=st.sampled_from(
        list("學習發布工會驛站萬億近約余xuéǎí()（）１２３，。？? \n\t\r<>/!-abp\ufffd\ue000")
    )
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), _MESSY))
def test_clean_never_crashes_and_is_idempotent(raw):
    cleaned = clean(raw)
    assert clean(cleaned) == cleaned
    assert "\n\n" not in cleaned
    assert cleaned == cleaned.strip()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64))
def test_clean_of_bytes_either_decodes_or_raises_decode_error(raw):
    try:
        cleaned = clean(raw)
    except DecodeError:
        return
    assert clean(cleaned) == cleaned


@settings(max_examples=200, deadline=None)
@given(_MESSY)
def test_spans_lie_inside_the_text(raw):
    result = clean_text(raw)
    for span in [*result.damaged, *result.body]:
        assert 0 <= span.start < span.end <= len(result.text)


def test_clean_is_idempotent_on_deeply_nested_tags():
    cleaned = clean("<a<a<a<a<a<b>>>>>>")
    assert clean(cleaned) == cleaned
