"""Generated texts that are clearly not union programme reports.

Precision needs negatives, and copying real news is not allowed, so these
are made from templates: weather, sports scores, stock prices, recipes with
quantities, company results (numbers, persons and yuan, but no union), a
charity appeal (programme words, no union), English news, site
boilerplate, and a near miss: a company meeting with 职工 delegates, jobs and
training figures. Deterministic for a given ``seed``.
"""

from __future__ import annotations

import random

__all__ = ["KINDS", "irrelevant_texts"]

_CITIES = "北京 上海 广州 深圳 成都 重庆 杭州 南京 西安 武汉 沈阳 昆明 兰州 哈尔滨".split()
_TEAMS = "辽宁 广东 北京 上海 浙江 山东 新疆 深圳 四川 江苏".split()
_DISHES = "红烧肉 宫保鸡丁 麻婆豆腐 番茄炒蛋 糖醋排骨 清蒸鲈鱼 酸辣土豆丝".split()
_FIRMS = "华信科技 东方电气 远航物流 金穗食品 恒达地产 新源能源".split()


def _weather(r: random.Random) -> str:
    c = r.choice(_CITIES)
    return (
        f"{c}市气象台{r.randint(1, 28)}日发布天气预报:明天{c}多云转小雨,气温{r.randint(5, 18)}至"
        f"{r.randint(19, 33)}摄氏度,东南风{r.randint(2, 4)}到{r.randint(5, 6)}级。"
        f"预计未来三天累计降雨量{r.randint(10, 90)}毫米,空气质量指数{r.randint(30, 160)}。"
        "请市民注意出行安全,及时关注最新天气信息。"
    )


def _sports(r: random.Random) -> str:
    a, b = r.sample(_TEAMS, 2)
    return (
        f"CBA常规赛第{r.randint(2, 40)}轮,{a}队主场以{r.randint(90, 125)}比{r.randint(80, 118)}"
        f"战胜{b}队。外援全场砍下{r.randint(20, 45)}分{r.randint(5, 15)}个篮板,现场观众"
        f"{r.randint(8000, 18000)}人。赛后{a}队以{r.randint(10, 30)}胜{r.randint(3, 20)}负"
        f"继续排名第{r.randint(1, 8)}。下一轮比赛门票{r.randint(80, 880)}元起。"
    )


def _stocks(r: random.Random) -> str:
    return (
        f"沪指今日收报{r.randint(2900, 3600)}.{r.randint(10, 99)}点,涨{r.randint(1, 150) / 100}%,"
        f"深证成指报{r.randint(9000, 12000)}点。两市成交额{r.randint(6000, 12000)}亿元,"
        f"北向资金净流入{r.randint(5, 120)}亿元。{r.choice(_FIRMS)}股价上涨{r.randint(2, 10)}%,"
        f"报{r.randint(5, 80)}.{r.randint(10, 99)}元。分析人士认为市场情绪有所回暖。"
    )


def _recipe(r: random.Random) -> str:
    return (
        f"家常{r.choice(_DISHES)}做法:准备主料{r.randint(200, 800)}克,生抽{r.randint(1, 3)}勺,"
        f"白糖{r.randint(5, 30)}克,清水{r.randint(200, 600)}毫升。大火烧开后转小火炖"
        f"{r.randint(15, 60)}分钟,出锅前撒葱花。这道菜可供{r.randint(2, 6)}人食用,"
        f"热量约{r.randint(300, 900)}千卡。"
    )


def _company(r: random.Random) -> str:
    f = r.choice(_FIRMS)
    return (
        f"{f}发布{r.randint(2019, 2025)}年度报告:全年实现营业收入{r.randint(10, 900)}亿元,"
        f"同比增长{r.randint(1, 30)}%;净利润{r.randint(1, 80)}亿元。公司现有员工"
        f"{r.randint(1000, 90000)}人,新建生产基地{r.randint(2, 9)}个,研发投入"
        f"{r.randint(1, 20)}亿元。董事会建议每10股派发现金红利{r.randint(1, 9)}元。"
    )


def _charity(r: random.Random) -> str:
    c = r.choice(_CITIES)
    return (
        f"{c}市慈善总会开展助学救助活动,为{r.randint(100, 900)}名困难学生发放助学金"
        f"{r.randint(20, 300)}万元,并设立爱心服务站{r.randint(5, 40)}个。活动还组织志愿者"
        f"{r.randint(50, 500)}人次走访慰问孤寡老人。"
    )


def _english(r: random.Random) -> str:
    return (
        f"The city council approved a budget of {r.randint(2, 90)} million dollars on Monday, "
        f"with {r.randint(100, 900)} new housing units and {r.randint(3, 30)} schools planned "
        f"for {r.randint(2025, 2030)}. Officials said {r.randint(1000, 9000)} residents attended."
    )


def _boilerplate(r: random.Random) -> str:
    return (
        f"关于我们 | 联系我们 | 广告服务 | 版权声明 Copyright © 2008-{r.randint(2020, 2026)} "
        f"all rights reserved 京ICP备{r.randint(10000000, 99999999)}号 "
        f"违法和不良信息举报电话:010-{r.randint(10000000, 99999999)} 扫码关注 客户端下载"
    )


def _staff(r: random.Random) -> str:
    f = r.choice(_FIRMS)
    return (
        f"{f}召开年度经营工作会议,{r.randint(100, 400)}名职工代表参加。会议通报,公司全年新增"
        f"就业岗位{r.randint(200, 3000)}个,开展员工培训{r.randint(1000, 9000)}人次,"
        f"完成产值{r.randint(10, 200)}亿元。"
    )


KINDS = {
    "weather": _weather,
    "sports": _sports,
    "stocks": _stocks,
    "recipe": _recipe,
    "company": _company,
    "charity": _charity,
    "english": _english,
    "boilerplate": _boilerplate,
    "staff_meeting": _staff,  # near miss: 职工 and programme-like words, no union programme
}


def irrelevant_texts(per_kind: int = 25, *, seed: int = 0) -> list[tuple[str, str]]:
    """``per_kind`` texts of each kind in :data:`KINDS`, as (kind, text) pairs."""
    r = random.Random(seed)
    return [(kind, make(r)) for kind, make in KINDS.items() for _ in range(per_kind)]
