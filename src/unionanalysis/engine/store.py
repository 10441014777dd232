"""The output folder: one Parquet file per partition, made visible atomically.

Layout of ``--output DIR``: ``part-00000.parquet`` with its marker
``part-00000.json`` (fingerprint of the partition's inputs, the task's
config, counts, what was skipped), and ``_manifest.json`` written last. A
worker writes the Parquet file under a temporary name and renames it, then
writes the marker the same way: a partition is complete only when its marker
exists and agrees with the plan, so a crash at any point leaves either a
complete partition or one that the next run redoes.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "MANIFEST",
    "is_complete",
    "load_candidates",
    "parquet_path",
    "read_marker",
    "remove_temporaries",
    "write_json",
    "write_parquet",
]

MANIFEST = "_manifest.json"


def parquet_path(output: Path, name: str) -> Path:
    return output / f"{name}.parquet"


def marker_path(output: Path, name: str) -> Path:
    return output / f"{name}.json"


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")


def _publish(tmp: Path, path: Path) -> None:
    with tmp.open("rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_parquet(table: pa.Table, path: Path) -> None:
    """Write ``table`` to ``path`` atomically (temporary name, fsync, rename)."""
    import pyarrow.parquet as pq

    tmp = _temporary(path)
    try:
        pq.write_table(table, tmp)
        _publish(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_json(data: dict[str, Any], path: Path) -> None:
    """Write ``data`` as sorted, indented JSON to ``path`` atomically."""
    tmp = _temporary(path)
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
        _publish(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_marker(output: Path, name: str) -> dict[str, Any] | None:
    """The marker of partition ``name``, or None when missing or unreadable."""
    try:
        return json.loads(marker_path(output, name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_complete(output: Path, name: str, fingerprint: str, config: dict[str, Any]) -> bool:
    """True when partition ``name`` was finished from the same inputs with the same task."""
    marker = read_marker(output, name)
    return (
        marker is not None
        and marker.get("fingerprint") == fingerprint
        and marker.get("config") == config
        and parquet_path(output, name).is_file()
    )


def remove_temporaries(output: Path) -> None:
    """Delete files a crashed worker left under temporary names."""
    for tmp in output.glob(".part-*.tmp"):
        tmp.unlink(missing_ok=True)


def _finished_files(output: Path) -> list[Path]:
    manifest = output / MANIFEST
    if manifest.is_file():
        names = [p["partition"] for p in json.loads(manifest.read_text())["partitions"]]
    else:
        names = sorted(p.stem for p in output.glob("part-*.json"))
    files = [parquet_path(output, n) for n in names if read_marker(output, n) is not None]
    return [f for f in files if f.is_file()]


def load_candidates(
    output: str | Path,
    *,
    columns: Sequence[str] | None = None,
    filters: list[Any] | None = None,
    lazy: bool = True,
) -> Any:
    """The rows an engine run wrote to ``output``, read lazily.

    With ``lazy`` (default) a Dask DataFrame: nothing is read until
    ``.compute()``, and ``columns`` and ``filters`` (pyarrow's DNF, e.g.
    ``[("unit", "==", "person"), ("value", ">", 1000)]``) are pushed down to
    the Parquet reader. With ``lazy=False`` a pandas DataFrame of only the
    selected rows and columns. Only complete partitions are read, in order.
    """
    output = Path(output)
    if not output.is_dir():
        raise FileNotFoundError(f"{output}: no such output folder")
    files = _finished_files(output)
    if not files:
        raise FileNotFoundError(f"{output}: no complete partition (no part-*.json markers)")
    cols = list(columns) if columns is not None else None
    if lazy:
        import dask.dataframe as dd

        return dd.read_parquet([str(f) for f in files], columns=cols, filters=filters)
    return _read_pandas(files, cols, filters)


def _read_pandas(files: list[Path], columns: list[str] | None, filters: Any) -> pd.DataFrame:
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    dataset = ds.dataset([str(f) for f in files], format="parquet")
    expression = pq.filters_to_expression(filters) if filters else None
    return dataset.to_table(columns=columns, filter=expression).to_pandas()
