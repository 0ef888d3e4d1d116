"""The local embedding model through ONNX Runtime gives PyTorch's vectors."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from services.embedding_service import LocalEmbeddingProvider, resolve_local_model_path
from services.onnx_encoder import OnnxSentenceEncoder, default_cache_dir, export_path

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


def test_the_encoder_alone_loads_no_torch_and_matches_pytorch(providers):
    """What the API process and agent workers load: ONNX Runtime and the
    tokenizers library only (a fresh interpreter, so nothing was imported before)."""
    _, torch_only = providers
    code = (
        "import asyncio, json, sys\n"
        "from services.embedding_service import LocalEmbeddingProvider\n"
        "provider = LocalEmbeddingProvider()\n"
        f"vectors, _ = asyncio.run(provider.embed({TEXTS!r}, 'document'))\n"
        "heavy = sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules)\n"
        "print(json.dumps({'heavy': heavy, 'runtime': provider.runtime, 'vectors': vectors.tolist()}))\n"
    )
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, timeout=600, check=True)
    report = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert report["heavy"] == [] and report["runtime"] == "onnxruntime"
    reference = asyncio.run(torch_only.embed(TEXTS, "document"))[0]
    assert np.abs(np.asarray(report["vectors"], dtype=np.float32) - reference).max() < 1e-4


def test_an_export_that_does_not_match_its_check_is_not_used(providers, tmp_path):
    onnx, _ = providers
    model_dir = Path(resolve_local_model_path("all-MiniLM-L6-v2"))
    cached = export_path(model_dir, default_cache_dir())
    assert cached.exists()  # the providers fixture made it
    target = export_path(model_dir, tmp_path)
    target.symlink_to(cached)
    # Probe vectors that the export cannot reproduce (as if tokenizer or weights differed).
    np.save(target.with_suffix(".probes.npy"), np.zeros((3, 384), dtype=np.float32))
    assert OnnxSentenceEncoder.from_export(model_dir, cache_dir=tmp_path) is None
    np.save(target.with_suffix(".probes.npy"), np.load(cached.with_suffix(".probes.npy")))
    assert OnnxSentenceEncoder.from_export(model_dir, cache_dir=tmp_path) is not None
    target.unlink()
    target.write_bytes(b"not an onnx model")
    assert OnnxSentenceEncoder.from_export(model_dir, cache_dir=tmp_path) is None
