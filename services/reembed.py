"""Re-embed a database for another embedding model.

A store keeps one embedding model while it holds vectors
(``MemoryStore.bind_embedding_model``): the agent and the API refuse to start
with another, because two models' vectors are not comparable. To switch (to
multilingual-e5-small for Urdu, say), stop them, set the new model in the
settings and run::

    python -m services.reembed

Every memory's vector is made again from the text the write path embeds (an
episode's turn with its neighbour window, any other memory's content), user by
user, superseded memories included, and the store then records the new model.
While it runs the store is marked as being re-embedded, so that neither model
can start on a mix of old and new vectors; after an interruption, run it again.
Rows keep their content, ids and provenance; ``updated_at`` moves.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.models import Memory, MemoryKind
from infrastructure.storage.base import REEMBEDDING_MARK
from services.episodic_memory import embedding_text

PAGE_ROWS = 500
BATCH = 64


@dataclass(slots=True)
class ReembedReport:
    model: str
    users: int = 0
    memories: int = 0
    seconds: float = 0.0


def vector_text(memory: Memory) -> str:
    """What the write path embeds for ``memory``."""
    return embedding_text(memory) if memory.kind is MemoryKind.EPISODE else memory.content


async def reembed_store(store: Any, embedder: Any, *, log: Callable[[str], None] | None = None) -> ReembedReport:
    """Replace every memory vector in ``store`` with ``embedder``'s, then record its model."""
    started = time.perf_counter()
    model = str(embedder.model_name)
    report = ReembedReport(model)
    await store.bind_embedding_model(f"{REEMBEDDING_MARK}{model}", replaced=True)
    for user_id in await store.vector_owner_ids():
        offset = 0
        while True:
            page = await store.list_memories(
                user_id, include_superseded=True, limit=PAGE_ROWS, offset=offset, with_embeddings=False
            )
            for start in range(0, len(page), BATCH):
                chunk = page[start : start + BATCH]
                vectors = await embedder.embed_documents([vector_text(m) for m in chunk], owner=user_id)
                for memory, vector in zip(chunk, vectors, strict=True):
                    await store.update_memory(user_id, memory.id, embedding=vector)
            report.memories += len(page)
            if len(page) < PAGE_ROWS:
                break
            offset += PAGE_ROWS
        report.users += 1
        if log is not None:
            log(f"user {report.users}: {report.memories} memories so far")
    await store.bind_embedding_model(model, replaced=True)
    report.seconds = time.perf_counter() - started
    return report


async def _main() -> int:
    from core.config import Settings
    from infrastructure.storage import create_store
    from services.embedding_service import build_embedding_service

    settings = Settings()
    store = create_store(settings)
    await store.initialize()
    embedder = build_embedding_service(settings)
    try:
        report = await reembed_store(store, embedder, log=lambda line: print(line, file=sys.stderr))
    finally:
        await embedder.close()
        await store.close()
    print(f"re-embedded {report.memories} memories of {report.users} users with {report.model} "
          f"in {report.seconds:.0f}s")
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    raise SystemExit(asyncio.run(_main()))
