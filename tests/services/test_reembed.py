"""Re-embedding a store for another model (services/reembed.py), on both backends."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import numpy as np
import pytest

from core.errors import ConfigurationError
from core.models import Memory, MemoryKind
from services.e5_embedding import E5EmbeddingProvider
from services.embedding_service import EmbeddingService
from services.reembed import reembed_store, vector_text

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
async def e5():
    service = EmbeddingService(E5EmbeddingProvider(), cache=None)
    yield service
    await service.close()


async def written_with(store, embedder, user_id: str) -> list[Memory]:
    memories = [
        Memory(user_id, "User's sister lives in Lahore.", kind=MemoryKind.FACT, created_at=NOW, updated_at=NOW),
        Memory(user_id, "Anna: I painted a sunrise last week", kind=MemoryKind.EPISODE, created_at=NOW,
               updated_at=NOW, metadata={"context": "Mel: What did you paint?"}),
    ]
    vectors = await embedder.embed_documents([vector_text(m) for m in memories], owner=user_id)
    for memory, vector in zip(memories, vectors, strict=True):
        memory.embedding = np.asarray(vector, dtype=np.float32)
    await store.add_memories(memories)
    await store.bind_embedding_model(embedder.model_name)
    return memories


async def test_every_vector_is_made_again_and_the_store_takes_the_new_model(store, embedder, e5):
    users = [str(uuid.uuid4()), str(uuid.uuid4())]
    written = {user: await written_with(store, embedder, user) for user in users}
    with pytest.raises(ConfigurationError, match="services.reembed"):
        await store.bind_embedding_model(e5.model_name)

    report = await reembed_store(store, e5)

    assert (report.users, report.memories) == (2, 4)
    await store.bind_embedding_model(e5.model_name)  # now the store's model
    with pytest.raises(ConfigurationError):
        await store.bind_embedding_model(embedder.model_name)
    for user, memories in written.items():
        expected = await e5.embed_documents([vector_text(m) for m in memories], owner=user)
        stored = await store.get_memories(user, [m.id for m in memories])
        by_id = {m.id: m for m in stored}
        for memory, vector in zip(memories, expected, strict=True):
            assert by_id[memory.id].content == memory.content  # nothing but the vector changed
            assert np.allclose(by_id[memory.id].embedding, vector, atol=1e-5)
        query = await e5.embed_query("Where does my sister live?", owner=user)
        hits = await store.search_memories(user, query, limit=1)
        assert hits and "Lahore" in hits[0].memory.content


async def test_an_interrupted_run_lets_neither_model_start_until_it_is_run_again(store, embedder, e5):
    user = str(uuid.uuid4())
    await written_with(store, embedder, user)

    class FailsOnce:
        model_name = e5.model_name
        failed = False

        async def embed_documents(self, texts, owner=None):
            if not self.failed:
                self.failed = True
                raise RuntimeError("the machine went down")
            return await e5.embed_documents(texts, owner=owner)

    flaky = FailsOnce()
    with pytest.raises(RuntimeError):
        await reembed_store(store, flaky)
    for model in (embedder.model_name, e5.model_name):
        with pytest.raises(ConfigurationError, match="did not finish"):
            await store.bind_embedding_model(model)
    report = await reembed_store(store, flaky)
    assert report.memories == 2
    await store.bind_embedding_model(e5.model_name)


async def test_the_command_re_embeds_the_configured_database(tmp_path, embedder):
    """`python -m services.reembed` with the new model in the environment, as the README says."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from core.config import Settings
    from services.container import build_services

    path = tmp_path / "companion.db"
    user = str(uuid.uuid4())
    settings = Settings(_env_file=None, storage_backend="sqlite", sqlite_path=str(path), redis_url=None,
                        openai_api_key=None, openai_base_url=None)
    services = await build_services(settings, embedder=embedder)
    try:
        await services.memory.remember(user, "User's sister lives in Lahore.", kind="fact", key="sister")
        await services.batcher.flush()
    finally:
        await services.aclose()
    env = {**os.environ, "STORAGE_BACKEND": "sqlite", "SQLITE_PATH": str(path),
           "LOCAL_EMBEDDING_MODEL": "multilingual-e5-small", "HF_HUB_OFFLINE": "1"}
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "services.reembed"], env=env, capture_output=True, text=True,
                          timeout=120, cwd=root)
    assert done.returncode == 0, done.stderr
    assert "re-embedded 1 memories of 1 users with multilingual-e5-small" in done.stdout
    switched = Settings(_env_file=None, storage_backend="sqlite", sqlite_path=str(path), redis_url=None,
                        openai_api_key=None, openai_base_url=None, local_embedding_model="multilingual-e5-small")
    services = await build_services(switched)
    try:
        recall = await services.rag.recall_for_turn(user, [], "where does my sister live?", 5000)
        assert recall.memories and "Lahore" in recall.memories[0].text
    finally:
        await services.aclose()
