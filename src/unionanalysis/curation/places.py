"""Places: recognise place names in an article and code them as ``data/places.csv`` does.

Two sources, in this order: the project's ``places.csv`` (names, English
names, levels, parents and codes as curated; it grows into a gazetteer of
all of China) and the GB/T 2260 table shipped with the MIT-licensed `cpca`
package (https://github.com/DQinYuan/chinese_province_city_area_mapper),
which gives every province, prefecture and county its code even before
``places.csv`` lists it. Names are found with an Aho-Corasick automaton
(``pyahocorasick``) over full names (``徐州市``, ``七里河区``) and short forms
of provinces and prefectures (``徐州``, ``新疆``); counties are matched by
full name only, since short county names (``城关``, ``中山``) are common words.

The place of a union body (``XX市总工会``, ``XX区总工会``, ``全总``) is the
article's place; :func:`union_bodies` finds them.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

__all__ = ["Gazetteer", "Mention", "Place", "figure_place", "gazetteer", "is_under", "union_bodies"]

NATIONAL = "全国"


@dataclass(frozen=True)
class Place:
    """A place coded as in ``places.csv`` (``province_zh`` empty for national rows)."""

    place_zh: str
    place_en: str
    level: str
    province_zh: str
    adcode: str
    parent_zh: str = ""
    known: bool = True  # listed in places.csv (else only in the GB/T 2260 table)


@dataclass(frozen=True)
class Mention:
    """A place name found in the text at ``[start, end)``."""

    start: int
    end: int
    name: str
    places: tuple[Place, ...]  # every place with that name, best first


_SPECIAL_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "新疆维吾尔自治区": "新疆",
    "宁夏回族自治区": "宁夏",
    "香港特别行政区": "香港",
    "澳门特别行政区": "澳门",
}
_MUNICIPALITIES = ("110000", "120000", "310000", "500000")
# short forms that are ordinary words far more often than places
_SHORT_STOP = frozenset(
    {"中山", "通化", "白山", "吉林", "长安", "朝阳", "和平", "新华", "安康"}  # 安康: wellbeing
)
# county and zone names that are also ordinary words (城区 is a district of several
# cities, 高新区 a zone of most): matched only with their city in front
_GENERIC_TAIL = frozenset(
    {"城区", "郊区", "矿区", "新区", "市中区", "开发区", "高新区", "经济开发区"}
    | {"经济技术开发区", "高新技术产业开发区", "经开区"}
)
# 肃北蒙古族自治县 -> 肃北县, 红河哈尼族彝族自治州 -> 红河州: the root and the kind
_AUTONOMOUS = re.compile(r"^(.{2,}?)(?:[^族]{1,3}族)+自治(县|旗|州)$")
# the short names of development zones (威海经区, 威海经开区)
_ZONE_SHORT = {"经济技术开发区": ("经开区", "经区"), "高新技术产业开发区": ("高新区",)}
# characters after a short name that show it is part of another word
_NOT_PLACE_AFTER = re.compile(r"[路街道巷号桥站]")
_JUNK_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


def _level(adcode: str) -> str:
    if adcode == "100000":
        return "national"
    if adcode.endswith("0000"):
        return "province"
    if adcode.endswith("00"):
        return "prefecture"
    return "county"


def _cpca_rows() -> list[tuple[str, str]]:
    """(adcode, name) of the GB/T 2260 table in cpca."""
    import cpca

    return [(code[:6], info.name) for code, info in cpca.ad_2_addr_dict.items()]


def _short(name: str, level: str) -> str | None:
    if name in _SPECIAL_SHORT:
        return _SPECIAL_SHORT[name]
    if level in ("province", "prefecture"):
        short = re.sub(r"(省|市|地区|盟|自治州|自治区)$", "", name)
        if short != name and len(short) >= 2 and short not in _SHORT_STOP:
            return short
    return None


class Gazetteer:
    """Every place ``places.csv`` and the GB/T 2260 table know, found by name."""

    def __init__(self, places_csv: Path | str | None = None) -> None:
        import ahocorasick

        by_code: dict[str, Place] = {}
        names: dict[str, list[Place]] = {}
        code_names = dict(_cpca_rows())
        for code, name in code_names.items():
            if name in _JUNK_NAMES:
                continue  # placeholders of the table (市辖区, 县 of a municipality)
            level = _level(code)
            province = code_names.get(code[:2] + "0000", "")
            parent = ""
            if level == "county":
                parent = code_names.get(code[:4] + "00", province)
                if code[:2] + "0000" in _MUNICIPALITIES:
                    parent = province
            elif level == "prefecture":
                parent = province
            place_zh = name
            if level == "county" and not name.endswith("市") and parent and parent != province:
                place_zh = parent + name  # the dataset's convention: 兰州市西固区
            if level == "county" and code[:2] + "0000" in _MUNICIPALITIES:
                place_zh = province + name
            by_code[code] = Place(
                place_zh, "", level, province if level != "province" else name, code, parent, False
            )
        self.places: dict[str, Place] = {p.place_zh: p for p in by_code.values()}
        if places_csv is not None and Path(places_csv).is_file():
            self._read_places_csv(Path(places_csv), by_code)

        def tail_of(place: Place) -> str:
            return place.place_zh.removeprefix(place.parent_zh) if place.parent_zh else ""

        # a county name several cities share (新城区, 城关区) has no short form of its own
        shared = Counter(tail_of(p) for p in by_code.values())
        for place in self.places.values():
            keys = {place.place_zh}
            tail = tail_of(place)
            if place.level in ("county", "district") and tail and tail != place.place_zh:
                keys.add(tail)
            short = _short(place.place_zh, place.level)
            if short:
                keys.add(short)
            if place.known and place.level in ("county", "district") and tail:
                # curated counties and zones also go by their short name (曲江, 迎泽)
                bare = re.sub(r"(新区|高新区|区|县)$", "", tail)
                if (
                    len(bare) >= 2
                    and bare not in _SHORT_STOP
                    and bare + "区" not in _GENERIC_TAIL
                    and shared[tail] <= 1
                ):
                    keys.add(bare)
            keys -= _GENERIC_TAIL
            if m := _AUTONOMOUS.match(tail or place.place_zh):
                keys.add(m.group(1) + m.group(2))  # 肃北县
                if m.group(2) == "州":
                    keys.add(m.group(1))  # 红河
            parent_short = _short(place.parent_zh, "prefecture") if place.parent_zh else None
            for abbr in _ZONE_SHORT.get(tail, ()) if parent_short else ():
                keys.add(parent_short + abbr)  # 威海经区
            for key in keys:
                names.setdefault(key, []).append(place)
        self._names = names
        automaton = ahocorasick.Automaton()
        for key in names:
            automaton.add_word(key, key)
        automaton.make_automaton()
        self._automaton = automaton

    def _read_places_csv(self, path: Path, by_code: dict[str, Place]) -> None:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        level_of = {r["place_zh"]: r["level"] for r in rows}
        parent_of = {r["place_zh"]: r.get("parent_zh", "") for r in rows}
        for row in rows:
            name, level = row["place_zh"], row["level"]
            province = ""
            p = name
            while p and level_of.get(p) not in ("province", "national", None):
                p = parent_of.get(p, "")
            if level_of.get(p) == "province":
                province = p
            code = row.get("adcode", "")
            old = by_code.get(code)
            if old is not None and old.place_zh in self.places and old.place_zh != name:
                del self.places[old.place_zh]
            if not province and old is not None and level != "national":
                province = old.province_zh
            self.places[name] = Place(
                name, row["place_en"], level, province, code, row.get("parent_zh", ""), True
            )

    def get(self, name: str) -> Place | None:
        """The place called ``name`` (full or short form), or None."""
        if name in self.places:
            return self.places[name]
        found = self._names.get(name)
        return found[0] if found else None

    def resolve(self, name: str) -> Place | None:
        """The place a manifest writes as ``name``, or None.

        Manifests write places loosely: in traditional characters (哈爾濱市), with
        a remark (``山西省(省国防工会)``), as a list (``平江县、华容县``: the
        first), under a name since changed (崇明县, now 崇明区), or as an
        institution or town in a named place (铜川矿务局供应处: 铜川市).
        """
        from ..text import clean

        name = clean(name).strip()
        plain = re.sub(r"[(（][^)）]*[)）]", "", name).strip()
        for n in dict.fromkeys([name, plain, *re.split(r"[、,，/]", plain)]):
            if not n:
                continue
            for form in (n, re.sub(r"县$", "区", n), re.sub(r"县$", "市", n)):
                if (place := self.get(form)) is not None:
                    return place
        found = self.mentions(plain)
        return found[-1].places[0] if found else None

    def mentions(self, text: str, *, near: Place | None = None) -> list[Mention]:
        """Place names in ``text``, longest match at each position; ``near`` breaks ties."""
        hits: list[tuple[int, int, str]] = []
        for end, key in self._automaton.iter(text):
            start = end - len(key) + 1
            hits.append((start, end + 1, key))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[Mention] = []
        last_end = -1
        for start, end, key in hits:
            if start < last_end:
                continue
            places = self._names[key]
            if key not in self.places and _NOT_PLACE_AFTER.match(text, end):
                continue  # 中山路, 长安街: a street, not the place
            out.append(Mention(start, end, key, tuple(self._rank(places, near))))
            last_end = end
        return out

    @staticmethod
    def _rank(places: list[Place], near: Place | None) -> list[Place]:
        def score(p: Place) -> tuple[int, int]:
            shared = 0
            if near is not None and near.adcode and p.adcode:
                while shared < 6 and near.adcode[shared] == p.adcode[shared]:
                    shared += 1
            return (-shared, 0 if p.known else 1)

        return sorted(places, key=score)

    def parent(self, place: Place, level: str) -> Place | None:
        """The ancestor of ``place`` at ``level`` (itself when already there)."""
        if place.level == level:
            return place
        if level == "national":
            return self.places.get(NATIONAL) or Place(
                NATIONAL, "China", "national", "", "100000", "", False
            )
        if level == "province" and place.province_zh:
            return self.get(place.province_zh)
        if level == "prefecture" and place.parent_zh:
            parent = self.get(place.parent_zh)
            if parent is not None and parent.level == "prefecture":
                return parent
        return None

    def national(self) -> Place:
        place = self.places.get(NATIONAL)
        if place is None:
            place = Place(NATIONAL, "China", "national", "", "100000", "", False)
        return replace(place, province_zh="")


@lru_cache(maxsize=4)
def _cached(path: str, mtime_ns: int) -> Gazetteer:
    return Gazetteer(path or None)


def gazetteer(places_csv: Path | str | None = None) -> Gazetteer:
    """The gazetteer for ``places_csv`` (default ``data/places.csv``), cached by file time."""
    if places_csv is None:
        from ..paths import data_dir

        places_csv = data_dir() / "places.csv"
    path = Path(places_csv)
    mtime = path.stat().st_mtime_ns if path.is_file() else 0
    return _cached(str(path) if path.is_file() else "", mtime)


# --- union bodies -----------------------------------------------------------

_BODY = re.compile(
    r"(?P<national>全国总工会|全总|中华全国总工会)"
    r"|(?P<all>全(?P<all_level>国|省|区|市|县)(?:各级)?工会(?:组织)?|各级工会)"
    r"|(?P<name>[\u4e00-\u9fff]{0,12}?)(?P<kind>省|自治区|市|州|盟|区|县|旗)(?:总工会|工会)"
)


@dataclass(frozen=True)
class Body:
    """A union body named in the text: ``reporting_body`` as the dataset writes it."""

    start: int
    end: int
    reporting_body: str
    level: str  # national, province, prefecture, county, or '' when only 各级工会
    place_name: str  # the place named before it ('' for 全总, 市总工会 without a name)


_KIND_BODY = {
    "省": "省总工会",
    "自治区": "省总工会",
    "市": "市总工会",
    "州": "市总工会",
    "盟": "市总工会",
    "区": "区总工会",
    "县": "县总工会",
    "旗": "县总工会",
}
_ALL_LEVEL = {
    "国": "national",
    "省": "province",
    "市": "prefecture",
    "区": "county",
    "县": "county",
}


def union_bodies(text: str) -> list[Body]:
    """Union bodies named in ``text``, in order (``XX市总工会`` -> ``市总工会``)."""
    out = []
    for m in _BODY.finditer(text):
        if m.group("national"):
            out.append(Body(m.start(), m.end(), "全国总工会", "national", NATIONAL))
        elif m.group("all"):
            level = _ALL_LEVEL.get(m.group("all_level") or "", "")
            written = m.group("all").removesuffix("组织")
            body = written if written.startswith("全") else "各级工会"
            out.append(Body(m.start(), m.end(), body, level, ""))
        else:
            kind = m.group("kind")
            total = "总工会" in m.group(0)
            body = _KIND_BODY[kind] if total else kind + "工会"
            level = {"省": "province", "自治区": "province", "区": "county", "县": "county"}.get(
                kind, "prefecture"
            )
            if kind == "旗":
                level = "county"
            name = (m.group("name") or "") + kind
            out.append(Body(m.start(), m.end(), body, level, name if m.group("name") else ""))
    return out


# --- the place of one figure ------------------------------------------------

# a dateline (新华社北京7月28日电, 本报北京11月9日电, 北京讯) names where the report
# was filed, not what the figure covers
_DATELINE_BEFORE = re.compile(r"(?:新华社|本报|中新社|中新网|人民网|记者)$")
_DATELINE_AFTER = re.compile(r"^(?:[0-9]{1,2}月[0-9]{1,2}日)?(?:电|讯)")
# a place inside the name of a firm, an institution or a site (威海广安城投有限公司, 南宁铁路局,
# 铁锋区曙光大街工会驿站, 滕州市农副产品物流中心工会联合会, 双清区老火车站): no verb between
# the place and the kind of name (not 铁锋区建成工会驿站12个)
_NAME_GAP = r"(?:(?!建|设|有|为|对|向|给|开展|举办|组织|共|累计|新增)[^,，。;；、:：“”\s]){0,12}?"
_FIRM_AFTER = re.compile(
    rf"^{_NAME_GAP}(?:有限公司|公司|集团|铁路局|大学|银行|医院|办事处|工会联合会"
    r"|工会驿站|服务站|中心|火车站|车站)"
)
# the figure counts a list of examples (…、…等6家) or of several places
# (呼和浩特市、包头市两地40名): the total is the enclosing place's
_EXAMPLES_GAP = re.compile(r"(?:等|两地|三地|各地)[^,，。;；、]{0,2}$")
_LISTED_BEFORE = re.compile(r"、$")
# 全国 as the subject of the figure (全国有2000个, 全国总工会计划…), not an award's
# title (全国模范职工之家), its giver (被全国总工会授予) or a qualifier (全国总工会
# 下拨的7501万元, 全国总工会认定的困难职工家庭4463户: the province's figures)
_NATIONAL_SUBJECT = re.compile(r"(?:有|共有|范围内|各级工会|总工会(?!授予|命名|表彰))")
_NATIONAL_PASSIVE = re.compile(r"(?:被|由|经|获|代)$")


def is_under(place: Place, ancestor: Place) -> bool:
    """True when ``place`` lies inside ``ancestor`` (by code, else by parent name)."""
    if ancestor.level == "national":
        return place.level != "national"
    if place.adcode and ancestor.adcode and place.adcode != ancestor.adcode:
        keep = {"province": 2, "prefecture": 4}.get(ancestor.level)
        if keep:
            return place.adcode[:keep] == ancestor.adcode[:keep]
    return place.parent_zh == ancestor.place_zh or place.province_zh == ancestor.place_zh


def _role(text: str, m: Mention) -> str:
    """What the place named at ``m`` in ``text`` (which ends at the number) is:
    ``figure`` (the figure's place), ``aside`` (a dateline, part of a firm's name)
    or ``list`` (one of a list of examples or places the figure adds up)."""
    before, after = text[: m.start], text[m.end :]
    if _DATELINE_BEFORE.search(before) or _DATELINE_AFTER.match(after):
        return "aside"
    if _FIRM_AFTER.match(after):
        return "aside"
    if re.search(r"[,，:：;；]", after):
        return "figure"
    if "的" not in after and _EXAMPLES_GAP.search(after):
        return "list"  # not 曲江辖区的保洁员、城管队员等1100余名: there 曲江 covers them all
    return "list" if _LISTED_BEFORE.search(before) else "figure"


def figure_place(gaz: Gazetteer, ctx, article: Place | None) -> tuple[Place | None, str, float]:
    """The place a figure covers: ``(place, why, confidence)``.

    The last place named before the number in its sentence, unless it is the
    article's place or one of its parents, a dateline, part of a firm's
    name or one of a list; 全国 as the subject of the clause in a local
    article; else the place of the last union body named earlier in the
    paragraph (天长市总工会举办的招聘会 … 当日,现场参加招聘的企业78家); else the
    article's place.
    """
    if article is None:
        return None, "place=none", 0.2
    sentence = ctx.sentence_before
    named = gaz.mentions(sentence, near=article)
    for m in reversed(named):
        place = m.places[0]
        if place.place_zh == article.place_zh:
            break  # the article's own place named last: it stands
        if place.place_zh == NATIONAL:
            if (
                article.level != "national"
                and _NATIONAL_SUBJECT.match(sentence, m.end)
                and not _NATIONAL_PASSIVE.search(sentence, 0, m.start)
                and not re.search(r"[,，;；、的]", sentence[m.end :])
            ):
                return gaz.national(), f"place={NATIONAL}: {m.name} is the clause's subject", 0.6
            continue
        if is_under(article, place):
            continue  # 武汉市 in a 青山区 article: the parent body, same place
        role = _role(sentence, m)
        if role == "aside":
            continue
        if role == "list":
            break  # the total of a list is the article's
        return place, f"place={place.place_zh}: {m.name} named before the number", 0.6
    if not named and not union_bodies(sentence):
        paragraph = ctx.text[ctx.line_start : ctx.sentence_start]
        for b in reversed(union_bodies(paragraph)):
            if not b.place_name or b.level == "national" or "总工会" not in b.reporting_body:
                continue
            found = gaz.mentions(paragraph[b.start : b.end], near=article)
            if not found:
                continue
            if len(found) > 1 or re.search(r"[、和]$", paragraph[: b.start]):
                break  # 城关区、堆龙德庆区、达孜县和墨竹工卡县总工会: several bodies
            place = found[-1].places[0]
            if place.place_zh != article.place_zh and not is_under(article, place):
                named_body = paragraph[b.start : b.end]
                return place, f"place={place.place_zh}: {named_body} earlier in the paragraph", 0.5
            break
    return article, f"place={article.place_zh}: the article's place", 0.8
