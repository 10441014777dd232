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
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

__all__ = ["Gazetteer", "Mention", "Place", "gazetteer", "union_bodies"]

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
_SHORT_STOP = frozenset({"中山", "通化", "白山", "吉林", "长安", "朝阳", "和平", "新华"})
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
        for place in self.places.values():
            keys = {place.place_zh}
            tail = place.place_zh.removeprefix(place.parent_zh) if place.parent_zh else ""
            if place.level in ("county", "district") and tail and tail != place.place_zh:
                keys.add(tail)
            short = _short(place.place_zh, place.level)
            if short:
                keys.add(short)
            if place.known and place.level in ("county", "district") and tail:
                # curated counties and zones also go by their short name (曲江, 迎泽)
                bare = re.sub(r"(新区|高新区|区|县)$", "", tail)
                if len(bare) >= 2 and bare not in _SHORT_STOP:
                    keys.add(bare)
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
