"""A tiny append-only on-disk key/value cache with the ``get_many``/``set_many``
shape of ``RedisCache``, so ``EmbeddingService`` can keep benchmark document
embeddings between runs (bench/.cache/, gitignored). Keys already include the
model and a content hash, so one file serves every model.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

DEFAULT_CACHE_DIR = Path(__file__).resolve().parent / ".cache"


class DiskCache:
    """Lines of ``key<TAB>value`` (values are strings); the last write wins."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else DEFAULT_CACHE_DIR / "embeddings.tsv"
        self._values: dict[str, str] = {}
        if self.path.exists():
            with self.path.open(encoding="utf-8") as handle:
                for line in handle:
                    key, _, value = line.rstrip("\n").partition("\t")
                    if key and value:
                        self._values[key] = value

    def __len__(self) -> int:
        return len(self._values)

    async def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        return {key: self._values[key] for key in keys if key in self._values}

    async def set_many(self, mapping: Mapping[str, Any], ttl: float | None = None) -> None:
        fresh = {key: str(value) for key, value in mapping.items() if self._values.get(key) != value}
        if not fresh:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            for key, value in fresh.items():
                handle.write(f"{key}\t{value}\n")
        self._values.update(fresh)
