"""Turn a raw scraped article into clean, simplified text.

The curated quotes in ``data/metrics.csv`` are spans of the text this module
produces, so every step here is deterministic and idempotent: cleaning clean
text returns it unchanged. Steps, in order:

1. decode bytes (UTF-8, then GB18030, then Big5) and record the encoding;
2. fold full-width ASCII forms (digits, letters, ``，：；（）！？``) to ASCII and
   U+3000 to a space;
3. drop HTML tags left by the scraper;
4. drop pinyin inserted after characters (``學(xué)習(xí)`` -> ``學習``);
5. convert traditional to simplified characters with OpenCC (``t2s``);
6. collapse whitespace: every line stripped, runs of spaces folded to one,
   empty lines dropped, lines joined by ``\\n``.

:func:`damaged_spans` flags likely corruption and :func:`body_spans` tells the
article body from site chrome; both work on cleaned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = [
    "CleanText",
    "DecodeError",
    "Span",
    "body_spans",
    "clean",
    "clean_text",
    "damaged_spans",
    "decode",
]

ENCODINGS = ("utf-8", "gb18030", "big5")

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
PUA = "\ue000-\uf8ff"

# Full-width ASCII block (U+FF01..U+FF5E) maps onto ASCII by a fixed offset.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20

_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]*)?/?>")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Pinyin letters: ASCII lowercase plus tone-marked vowels and the IPA script g
# some sites use. A syllable is at most 6 letters and has a vowel.
_PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿɡ"
_PINYIN = re.compile(
    rf"(?<=[{CJK}?\ufffd{PUA}])\((?=[{_PINYIN_LETTERS}]*[aeiouüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])"
    rf"[{_PINYIN_LETTERS}]{{1,6}}\)"
    # mojibake sometimes eats the opening bracket: keep the '?', drop 'jiān)'
    rf"|(?<=\?)(?=[{_PINYIN_LETTERS}]*[aeiouüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])"
    rf"[{_PINYIN_LETTERS}]{{1,6}}\)"
)
_CJK_CHAR = re.compile(f"[{CJK}]")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f]+")


class DecodeError(ValueError):
    """Raised when bytes decode in none of the supported encodings."""


@dataclass(frozen=True)
class Span:
    """A half-open range ``[start, end)`` of the cleaned text, with a label."""

    start: int
    end: int
    label: str = ""


@dataclass(frozen=True)
class CleanText:
    """Cleaned text with what a curator needs to trust it."""

    text: str
    encoding: str | None
    damaged: list[Span] = field(default_factory=list)
    body: list[Span] = field(default_factory=list)

    def body_text(self) -> str:
        """The body lines only, joined by newlines (offsets do not carry over)."""
        return "\n".join(self.text[s.start : s.end] for s in self.body)

    def in_body(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` lies inside one body span."""
        return any(s.start <= start and end <= s.end for s in self.body)


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data``, trying UTF-8, GB18030 and Big5 in turn.

    Returns the text and the name of the encoding that worked.
    """
    decoded: list[tuple[str, str]] = []
    for enc in ENCODINGS:
        try:
            decoded.append((data.decode(enc), enc))
        except UnicodeDecodeError:
            continue
        if enc == "utf-8":
            break
    if len(decoded) > 1:
        # GB18030 accepts nearly any byte pair, Big5 text included: when both
        # decode, keep the one whose characters are the common ones of its set.
        decoded = [max(decoded, key=lambda d: _common_share(*d))]
    if decoded:
        text, enc = decoded[0]
        return text.removeprefix("\ufeff"), enc
    raise DecodeError(
        f"bytes decode as none of {', '.join(ENCODINGS)} (first bytes: {data[:16]!r})"
    )


def _common_share(text: str, encoding: str) -> float:
    """Share of CJK characters in the frequent block of ``encoding``.

    GB2312 level 1 (lead bytes B0-D7) for GB18030, Big5 level 1 (A440-C67E)
    for Big5: mojibake from the wrong decoder lands mostly outside them.
    """
    chars = _CJK_CHAR.findall(text)
    if not chars:
        return 0.0
    common = 0
    for ch in chars:
        try:
            code = ch.encode("gb2312" if encoding == "gb18030" else "big5")
        except UnicodeEncodeError:
            continue
        if encoding == "gb18030":
            common += 0xB0 <= code[0] <= 0xD7
        else:
            common += 0xA440 <= int.from_bytes(code, "big") <= 0xC67E
    return common / len(chars)


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    return _converter().convert(text)


def _collapse(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def clean(raw: str | bytes) -> str:
    """Return the cleaned, simplified text of ``raw`` (see the module doc)."""
    if isinstance(raw, bytes):
        raw, _ = decode(raw)
    text = raw.translate(_FULLWIDTH)
    text = _HTML_COMMENT.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    text = _PINYIN.sub("", text)
    text = _to_simplified(text)
    # Removing a tag or a pinyin syllable can expose another (nested tags,
    # OpenCC output before pinyin-like text): repeat until nothing changes.
    # Each round removes characters, so this ends.
    while True:
        again = _PINYIN.sub("", _HTML_TAG.sub(" ", text))
        if again == text:
            break
        text = _to_simplified(again)
    return _collapse(text)


def clean_text(raw: str | bytes) -> CleanText:
    """Clean ``raw`` and report its encoding, damaged spans and body spans."""
    encoding = None
    if isinstance(raw, bytes):
        raw, encoding = decode(raw)
    text = clean(raw)
    return CleanText(text, encoding, damaged_spans(text), body_spans(text))


# --- damage ---------------------------------------------------------------

_DAMAGE_SEED = re.compile(
    rf"[\ufffd{PUA}]"  # replacement and private-use characters
    rf"|(?<=[{CJK}])\?|\?(?=[{CJK}])"  # '?' standing in for a lost character
    r"|[\u00c0-\u00ff][\u0080-\u00bf\u2018-\u201e\u2020-\u2022\u2026\u2030\u20ac]"
)
_RARE_WINDOW = 3


def _is_rare(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


def damaged_spans(text: str) -> list[Span]:
    """Spans of ``text`` that look corrupted (mojibake, lost characters).

    Seeds are U+FFFD, private-use characters, ``?`` next to a CJK character
    and Latin-1 pairs such as ``Ã©``. A CJK character outside GB2312 (``皥``)
    joins a span when it stands within three characters of a seed; spans
    closer than three characters merge.
    """
    seeds = [(m.start(), m.end()) for m in _DAMAGE_SEED.finditer(text)]
    if not seeds:
        return []
    spans: list[list[int]] = []
    for start, end in seeds:
        lo = start
        while lo > 0 and start - lo < _RARE_WINDOW and _is_rare_cjk(text[lo - 1]):
            lo -= 1
        hi = end
        while hi < len(text) and hi - end < _RARE_WINDOW and _is_rare_cjk(text[hi]):
            hi += 1
        if spans and lo - spans[-1][1] < _RARE_WINDOW:
            spans[-1][1] = max(spans[-1][1], hi)
        else:
            spans.append([lo, hi])
    return [Span(a, b, "damaged") for a, b in spans]


def _is_rare_cjk(ch: str) -> bool:
    return bool(re.match(f"[{CJK}]", ch)) and _is_rare(ch)


# --- body and chrome ------------------------------------------------------

_CHROME = re.compile(
    r"copyright|©|版权|ICP|备案|许可证|增值电信|违法和不良|举报|联系我们|关于我们|网站地图"
    r"|免责声明|责任编辑|编辑:|来源:|发布时间|发表时间|作者:|分享到|扫一扫|二维码|首页|当前位置"
    r"|上一篇|下一篇|相关新闻|相关阅读|热点推荐|点击|浏览|打印|关闭窗口|字号|【|】"
    r"|https?://|www\.|\.com|\.cn\b",
    re.I,
)
_SPAM = re.compile(
    r"凯发|娱乐城|真人娱乐|彩票|棋牌|博彩|赌场|百家乐|投注|色情|葡京|官网首页|app下载|平台注册"
    r"|货运|物流专线|开户|裸聊|约炮|成人网|成人视频|一区二区|无码|久久|毛片|自拍|偷拍|精品视频"
    r"|亚洲.{0,4}(?:精品|国产|视频|中文)",
    re.I,
)
_SENTENCE = re.compile(r"[。,，;；!！?？:：、]")
_MIN_BODY_CJK = 18


def _cjk_count(line: str) -> int:
    return len(re.findall(f"[{CJK}]", line))


def body_spans(text: str) -> list[Span]:
    """Lines of cleaned ``text`` that read as article body, as spans.

    A body line has at least 18 CJK characters and sentence punctuation, and
    no chrome marker (copyright, ICP, editor, menus, URLs) or spam keyword.
    Short lines (headlines, subheads) between body lines count as body too,
    since articles put figures in subheads.
    """
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if _SPAM.search(line):
            kind = "spam"
        elif _CHROME.search(line) and not (
            _cjk_count(line) >= 60 and len(_SENTENCE.findall(line)) >= 3
        ):
            kind = "chrome"
        elif _cjk_count(line) >= _MIN_BODY_CJK and _SENTENCE.search(line):
            kind = "body"
        else:
            kind = "short"
        spans.append((start, end, kind))
    # short lines count as body when body stands both before and after them
    out: list[Span] = []
    kinds = [k for _, _, k in spans]
    for i, (start, end, kind) in enumerate(spans):
        if kind == "short":
            before = "body" in kinds[:i]
            after = "body" in kinds[i + 1 :]
            prev_ok = i > 0 and kinds[i - 1] in ("body", "short")
            if before and after and prev_ok:
                kind = "body"
        if kind == "body":
            out.append(Span(start, end, "body"))
    return out
