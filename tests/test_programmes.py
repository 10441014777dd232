"""Programme families: the keyword rules group the names articles use."""

from __future__ import annotations

import pandas as pd
import pytest

from unionanalysis.programmes import programme_family, with_family


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("送温暖", "send_warmth"),
        ("冬送温暖", "send_warmth"),
        ("两节送温暖", "send_warmth"),
        ("温暖冬日、共建和谐", "send_warmth"),
        ("金秋助学", "golden_autumn"),
        ("送清凉", "summer_cooling"),
        ("夏送清凉", "summer_cooling"),
        ("工会爱心驿站", "stations"),
        ("户外劳动者服务站点", "stations"),
        ("困难职工生活救助专项行动", "hardship_aid"),
        ("职工书屋", "other"),
        (None, "other"),
    ],
)
def test_family_of_names_in_the_data(name, family):
    assert programme_family(name) == family


def test_with_family_adds_ordered_categoricals_and_keeps_the_input():
    frame = pd.DataFrame({"programme_zh": ["金秋助学", pd.NA, "工会驿站"]})
    out = with_family(frame)
    assert out["programme_family"].tolist() == ["golden_autumn", "other", "stations"]
    assert out["programme_family_en"].tolist()[0] == "Golden Autumn student aid"
    assert out["programme_family"].cat.categories[0] == "stations"
    assert "programme_family" not in frame.columns
