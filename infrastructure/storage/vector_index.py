"""In-process exact vector search for the SQLite backend.

Each user's active memory embeddings live in one contiguous float32 matrix, so a
top-k over 100k memories is a single matrix-vector product plus a partial sort
(a few milliseconds; numpy releases the GIL while it runs). Writes update the
matrix in place instead of reloading it, because the voice path adds memories
every turn. ``user_index`` caches it per user, next to the user's term index.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from core.models import MemoryKind

KIND_CODES = {kind: code for code, kind in enumerate(MemoryKind)}
# Rows come from the database as kind strings; str-keyed lookups skip building enums.
KIND_CODES_BY_VALUE = {kind.value: code for kind, code in KIND_CODES.items()}
_INITIAL_CAPACITY = 64


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 so a dot product is the cosine (as pgvector's <=> is).

    Callers store normalised vectors already; this only guards against ones that are not.
    """
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class UserVectors:
    """One user's active embeddings: rows of a matrix, with ids and kinds alongside.

    Not thread-safe by itself; ``user_index.UserIndex`` guards it.
    """

    def __init__(self, dimensions: int, capacity: int = _INITIAL_CAPACITY) -> None:
        self.dimensions = dimensions
        self._matrix = np.empty((max(capacity, 1), dimensions), dtype=np.float32)
        self._kinds = np.empty(max(capacity, 1), dtype=np.int8)
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._ids)

    @classmethod
    def from_rows(
        cls, dimensions: int, ids: Sequence[str], kinds: Sequence[MemoryKind | str], matrix: np.ndarray
    ) -> UserVectors:
        """Build from ``len(ids)`` rows; ``matrix`` may be a read-only view of database bytes."""
        vectors = cls(dimensions, capacity=max(len(ids) + len(ids) // 4, _INITIAL_CAPACITY))
        count = len(ids)
        if count:
            # Copy once into the owned buffer, then normalise in place: at 100k
            # rows every extra temporary is another 150 MB to allocate and touch.
            live = vectors._matrix[:count]
            live[...] = matrix
            norms = np.linalg.norm(live, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            np.divide(live, norms, out=live)
            vectors._kinds[:count] = [
                KIND_CODES_BY_VALUE[kind] if isinstance(kind, str) else KIND_CODES[kind] for kind in kinds
            ]
        vectors._ids = list(ids)
        vectors._row_of = {memory_id: row for row, memory_id in enumerate(ids)}
        return vectors

    def upsert(self, memory_id: str, kind: MemoryKind, embedding: np.ndarray) -> None:
        row = self._row_of.get(memory_id)
        if row is None:
            row = len(self._ids)
            if row == self._matrix.shape[0]:
                self._grow()
            self._ids.append(memory_id)
            self._row_of[memory_id] = row
        self._matrix[row] = _unit_rows(np.asarray(embedding, dtype=np.float32))
        self._kinds[row] = KIND_CODES[kind]

    def remove(self, memory_id: str) -> None:
        row = self._row_of.pop(memory_id, None)
        if row is None:
            return
        last = len(self._ids) - 1
        if row != last:
            # Move the last row into the hole so the live rows stay contiguous.
            moved_id = self._ids[last]
            self._matrix[row] = self._matrix[last]
            self._kinds[row] = self._kinds[last]
            self._ids[row] = moved_id
            self._row_of[moved_id] = row
        self._ids.pop()

    def top_k(
        self, query: np.ndarray, limit: int, kind: MemoryKind | None = None
    ) -> list[tuple[str, float]]:
        """(memory id, cosine similarity) best first; vectors are L2-normalised."""
        count = len(self._ids)
        if count == 0 or limit <= 0:
            return []
        scores = self._matrix[:count] @ query
        if kind is not None:
            mask = self._kinds[:count] != KIND_CODES[kind]
            scores[mask] = -np.inf
            eligible = count - int(mask.sum())
        else:
            eligible = count
        k = min(limit, eligible)
        if k == 0:
            return []
        if k < count:
            best = np.argpartition(-scores, k - 1)[:k]
        else:
            best = np.arange(count)
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self._ids[i], float(scores[i])) for i in best]

    def _grow(self) -> None:
        capacity = self._matrix.shape[0] * 2
        matrix = np.empty((capacity, self.dimensions), dtype=np.float32)
        kinds = np.empty(capacity, dtype=np.int8)
        count = len(self._ids)
        matrix[:count] = self._matrix[:count]
        kinds[:count] = self._kinds[:count]
        self._matrix, self._kinds = matrix, kinds
