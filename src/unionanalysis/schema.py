"""The table schema (``data/datapackage.json``) and the problems found against it.

The Frictionless Data Package is the one written definition of every column;
this module reads it into small objects the loader and the validator share,
and defines :class:`Problem`, the unit of every validation report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["Field", "Problem", "Resource", "ValidationError", "read_package"]


@dataclass(frozen=True)
class Field:
    """One column: its type and constraints as the Data Package states them."""

    name: str
    type: str = "string"
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Resource:
    """One table of the package."""

    name: str
    path: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, resource, field)

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True, order=True)
class Problem:
    """A rule broken at one place: file, line, column, value and rule.

    ``line`` is the physical line of the CSV file (the header is line 1);
    ``column`` is the column name (``""`` when the problem concerns a row or
    the whole file).
    """

    file: str
    line: int
    column: str
    rule: str
    message: str
    value: str = field(default="", compare=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        if self.column:
            where += f": column {self.column}"
        shown = f" value {self.value!r}:" if self.value != "" else ""
        return f"{where}:{shown} {self.message} [rule: {self.rule}]"


class ValidationError(ValueError):
    """Raised by the loaders when a table breaks the schema; lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        head = f"{len(self.problems)} problem(s) in the curated data:"
        shown = "\n".join(f"  {p}" for p in self.problems[:50])
        more = f"\n  ... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"{head}\n{shown}{more}")


def _field(spec: dict) -> Field:
    c = spec.get("constraints", {})
    enum = c.get("enum")
    return Field(
        name=spec["name"],
        type=spec.get("type", "string"),
        required=bool(c.get("required", False)),
        unique=bool(c.get("unique", False)),
        enum=tuple(enum) if enum is not None else None,
        pattern=c.get("pattern"),
        max_length=c.get("maxLength"),
        minimum=c.get("minimum"),
        maximum=c.get("maximum"),
    )


@lru_cache(maxsize=8)
def _read_package(path: str, mtime_ns: int) -> dict[str, Resource]:
    spec = json.loads(Path(path).read_text(encoding="utf-8"))
    out: dict[str, Resource] = {}
    for res in spec["resources"]:
        schema = res["schema"]
        fks = tuple(
            (fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0])
            for fk in schema.get("foreignKeys", [])
        )
        out[res["name"]] = Resource(
            name=res["name"],
            path=res["path"],
            fields=tuple(_field(f) for f in schema["fields"]),
            primary_key=tuple(schema.get("primaryKey", [])),
            foreign_keys=fks,
        )
    return out


def read_package(data_dir: Path) -> dict[str, Resource]:
    """The resources of ``data_dir/datapackage.json``, keyed by name (cached by mtime)."""
    path = Path(data_dir) / "datapackage.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the data package schema is missing")
    return _read_package(str(path), path.stat().st_mtime_ns)
