"""The local embedding model through ONNX Runtime gives PyTorch's vectors."""

from __future__ import annotations

import numpy as np
import pytest

from services.embedding_service import LocalEmbeddingProvider
from services.onnx_encoder import OnnxSentenceEncoder

TEXTS = [
    "Anna has a job interview on Friday.",
    "ok",
    "میں لاہور منتقل ہو گیا ہوں",
    "Robert'); DROP TABLE memories; -- " * 40,  # longer than the model's window: truncated alike
]


@pytest.fixture(scope="module")
def providers():
    onnx = LocalEmbeddingProvider(use_onnx=True)
    torch_only = LocalEmbeddingProvider(use_onnx=False)
    yield onnx, torch_only


async def test_onnx_runtime_is_used_and_matches_pytorch(providers, tmp_path):
    onnx, torch_only = providers
    fast, _ = await onnx.embed(TEXTS, "document")
    reference, _ = await torch_only.embed(TEXTS, "document")
    assert onnx.runtime == "onnxruntime"
    assert torch_only.runtime == "pytorch"
    assert fast.shape == reference.shape == (len(TEXTS), 384)
    assert np.abs(fast - reference).max() < 1e-4
    np.testing.assert_allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)


async def test_unsupported_pipeline_keeps_pytorch(providers, tmp_path):
    _, torch_only = providers
    torch_only._load()
    modules = list(torch_only._model)

    class CLSPooled:  # a model whose pooling is not mean: must not be exported
        tokenizer = torch_only._model.tokenizer
        max_seq_length = 256

        def __iter__(self):
            return iter([modules[0], object()])

    assert OnnxSentenceEncoder.from_sentence_transformer(CLSPooled(), "unused", cache_dir=tmp_path) is None
    assert not list(tmp_path.iterdir())
