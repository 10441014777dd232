"""Group the programme names articles use into a few comparable families.

Articles name the same programme many ways (送温暖, 冬送温暖, 两节送温暖,
温暖冬日、共建和谐; 工会驿站, 爱心驿站, 户外劳动者服务站点). The dataset keeps
the name as written; comparisons across cities need the family. The rules are
keyword rules on ``programme_zh``, applied in order, so a reader can check them.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["FAMILIES", "programme_family", "with_family"]

# (family key, English label, keywords in programme_zh), first match wins.
FAMILIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("stations", "Union service stations", ("驿站", "服务站点", "母婴室")),
    ("golden_autumn", "Golden Autumn student aid", ("金秋助学", "求学圆梦")),
    ("summer_cooling", "Summer Cooling", ("送清凉",)),
    (
        "send_warmth",
        "Send Warmth (festival visits)",
        ("送温暖", "温暖冬日", "春节慰问", "双节慰问", "两节", "平安年"),
    ),
    ("hardship_aid", "Hardship worker aid", ("困难职工", "解困脱困", "救助")),
    ("employment", "Employment services", ("春送岗位", "稳就业")),
)
OTHER = ("other", "Other programmes")


def programme_family(programme_zh: str | None) -> str:
    """The family key of one programme name (``'other'`` when no rule matches)."""
    if programme_zh is None or pd.isna(programme_zh):
        return OTHER[0]
    for key, _, words in FAMILIES:
        if any(w in programme_zh for w in words):
            return key
    return OTHER[0]


def with_family(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with ``programme_family`` (key) and ``programme_family_en``."""
    labels = {key: label for key, label, _ in FAMILIES} | {OTHER[0]: OTHER[1]}
    out = frame.copy()
    keys = out["programme_zh"].map(programme_family)
    order = [key for key, _, _ in FAMILIES] + [OTHER[0]]
    out["programme_family"] = pd.Categorical(keys, categories=order)
    out["programme_family_en"] = pd.Categorical(
        keys.map(labels), categories=[labels[k] for k in order]
    )
    return out
