"""ONNX Runtime inference for a loaded sentence-transformers model.

Why: one short query through PyTorch costs ~12 ms on a small CPU, the same
forward pass through ONNX Runtime ~5 ms (both one thread, same weights), and
the query embedding is the largest part of a recall. The weights come from the
already-loaded model: it is exported once with ``torch.onnx`` to a local cache
file, nothing is downloaded.

Only models whose pipeline is transformer -> mean pooling -> (optional)
normalisation are handled, and every export is checked against the PyTorch
model on probe sentences before use; anything else keeps PyTorch.

A process that only needs the encoder (the API server, an agent worker) loads
it with ``OnnxSentenceEncoder.from_export``: ONNX Runtime and the ``tokenizers``
library, no torch, no sentence-transformers (~400 MB less resident memory).
The export and its PyTorch check run once per machine in a child process
(``python -m services.onnx_encoder MODEL_DIR``), which writes the probe
sentences' PyTorch vectors beside the export; the lean loader checks its own
vectors for them (tokenizer included) before it is used.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

# Different lengths and scripts, so padding and pooling are exercised too.
_PROBES = [
    "hi",
    "I have a job interview on Friday and I'm nervous about it.",
    "میرا نام علی ہے اور میں کراچی میں رہتا ہوں",
]
_MAX_ABS_DIFF = 1e-4
# Loading torch and exporting takes seconds on an idle machine; minutes on a busy one.
EXPORT_TIMEOUT_S = 600.0


def default_cache_dir() -> Path:
    return Path(tempfile.gettempdir()) / "companion-onnx"


class OnnxSentenceEncoder:
    """Mean-pooled, L2-normalised sentence vectors from an ONNX export."""

    def __init__(self, session: Any, tokenizer: Any, max_seq_length: int) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._max_seq_length = max_seq_length

    @classmethod
    def from_sentence_transformer(
        cls, model: Any, model_path: str | Path, *, cache_dir: Path | None = None, threads: int = 1
    ) -> OnnxSentenceEncoder | None:
        """An encoder equivalent to ``model``, or None (logged) when that cannot be had."""
        try:
            if not _is_mean_pooled(model):
                logger.info("ONNX encoder: unsupported pipeline, keeping PyTorch")
                return None
            onnx_path = _export(model, Path(model_path), cache_dir or default_cache_dir())
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = max(1, threads)
            options.inter_op_num_threads = 1
            session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
            encoder = cls(session, model.tokenizer, int(model.max_seq_length))
            expected = model.encode(
                _PROBES, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False
            )
            difference = float(np.abs(encoder.encode(_PROBES) - expected).max())
            if difference > _MAX_ABS_DIFF:
                logger.warning("ONNX encoder differs from PyTorch by %.2g; keeping PyTorch", difference)
                return None
            _write_probe_vectors(onnx_path, np.asarray(expected, dtype=np.float32))
            return encoder
        except Exception:  # any failure keeps the PyTorch path working
            logger.warning("ONNX encoder unavailable; keeping PyTorch", exc_info=True)
            return None

    @classmethod
    def from_export(
        cls, model_path: str | Path, *, cache_dir: Path | None = None, threads: int = 1
    ) -> OnnxSentenceEncoder | None:
        """The encoder from an export verified earlier, without torch; None when
        there is none yet (see ``ensure_export``) or it does not reproduce the
        PyTorch vectors recorded for it."""
        path = Path(model_path)
        target = export_path(path, cache_dir or default_cache_dir())
        probes = _probe_path(target)
        if not (target.exists() and probes.exists()):
            return None
        try:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = max(1, threads)
            options.inter_op_num_threads = 1
            session = ort.InferenceSession(str(target), options, providers=["CPUExecutionProvider"])
            max_seq_length = int(json.loads((path / "sentence_bert_config.json").read_text()).get("max_seq_length", 256))
            encoder = cls(session, FastTokenizer(path / "tokenizer.json"), max_seq_length)
            difference = float(np.abs(encoder.encode(_PROBES) - np.load(probes)).max())
        except Exception:  # a damaged cache file or a missing tokenizer: use the full path
            logger.warning("ONNX export in %s unusable without PyTorch", target, exc_info=True)
            return None
        if difference > _MAX_ABS_DIFF:
            logger.warning("ONNX export differs from its PyTorch check by %.2g; not used", difference)
            return None
        return encoder

    @property
    def dimensions(self) -> int:
        return int(self.encode(["dimensions"]).shape[1])

    def encode(self, texts: list[str], *, batch_size: int = 64) -> np.ndarray:
        chunks = [self._encode_batch(texts[i : i + batch_size]) for i in range(0, len(texts), batch_size)]
        return np.concatenate(chunks) if chunks else np.zeros((0, 0), dtype=np.float32)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        tokens = self._tokenizer(
            texts, padding=True, truncation=True, max_length=self._max_seq_length, return_tensors="np"
        )
        feeds = {name: tokens[name].astype(np.int64) for name in self._input_names() if name in tokens}
        hidden = self._session.run(None, feeds)[0]
        mask = tokens["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def _input_names(self) -> list[str]:
        return [item.name for item in self._session.get_inputs()]


def _is_mean_pooled(model: Any) -> bool:
    modules = list(model)
    if len(modules) < 2:
        return False
    pooling = modules[1]
    if type(pooling).__name__ != "Pooling":
        return False
    # sentence-transformers 6 names the mode; older releases used flags.
    mode = getattr(pooling, "pooling_mode", None)
    return mode == "mean" if mode is not None else bool(getattr(pooling, "pooling_mode_mean_tokens", False))


class FastTokenizer:
    """The model's own ``tokenizer.json`` through the ``tokenizers`` library,
    called like a transformers tokenizer (padding to the longest, truncation,
    numpy arrays), so the encoder runs without transformers or torch."""

    def __init__(self, path: Path) -> None:
        from tokenizers import Tokenizer

        self._tokenizer = Tokenizer.from_file(str(path))
        self._configured_length: int | None = None

    def __call__(
        self, texts: list[str], *, padding: bool, truncation: bool, max_length: int, return_tensors: str
    ) -> dict[str, np.ndarray]:
        if self._configured_length != max_length:
            self._tokenizer.enable_truncation(max_length)
            pad_token = (self._tokenizer.padding or {}).get("pad_token") or "[PAD]"
            pad_id = self._tokenizer.token_to_id(pad_token)
            self._tokenizer.enable_padding(pad_id=pad_id if pad_id is not None else 0, pad_token=pad_token)
            self._configured_length = max_length
        encoded = self._tokenizer.encode_batch(texts)
        return {
            "input_ids": np.asarray([e.ids for e in encoded], dtype=np.int64),
            "attention_mask": np.asarray([e.attention_mask for e in encoded], dtype=np.int64),
            "token_type_ids": np.asarray([e.type_ids for e in encoded], dtype=np.int64),
        }


def export_path(model_path: Path, cache_dir: Path) -> Path:
    """Where the export of this model file (and torch version) is cached;
    computed without importing torch."""
    weights = sorted(p for p in model_path.glob("*.safetensors")) or sorted(model_path.glob("*.bin"))
    fingerprint = hashlib.sha256(str(model_path.resolve()).encode())
    for weight in weights:
        stat = weight.stat()
        fingerprint.update(f"{weight.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    try:
        torch_version = importlib.metadata.version("torch")
    except importlib.metadata.PackageNotFoundError:
        torch_version = "none"
    fingerprint.update(torch_version.encode())
    return cache_dir / f"{model_path.name}-{fingerprint.hexdigest()[:16]}.onnx"


def _probe_path(target: Path) -> Path:
    return target.with_suffix(".probes.npy")


def _write_probe_vectors(target: Path, vectors: np.ndarray) -> None:
    """Record the PyTorch vectors the export was verified against (atomically)."""
    probes = _probe_path(target)
    if probes.exists():
        return
    partial = target.with_suffix(f".{os.getpid()}.probes.partial.npy")
    np.save(partial, vectors)
    os.replace(partial, probes)


def ensure_export(model_path: str | Path, *, timeout_s: float = EXPORT_TIMEOUT_S) -> bool:
    """Make sure a verified export exists, exporting in a child process (torch
    is loaded there, never here). Returns False when it could not be made."""
    command = [sys.executable, "-m", "services.onnx_encoder", str(model_path)]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    root = Path(__file__).resolve().parent.parent
    try:
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, timeout=timeout_s, check=False)
    except (OSError, subprocess.TimeoutExpired):
        logger.warning("ONNX export of %s did not finish", model_path, exc_info=True)
        return False
    if done.returncode != 0:
        logger.warning("ONNX export of %s failed: %s", model_path, done.stderr.decode(errors="replace")[-2000:])
    return done.returncode == 0


def _export(model: Any, model_path: Path, cache_dir: Path) -> Path:
    """Export the transformer once per model file and library versions."""
    import torch

    target = export_path(model_path, cache_dir)
    if target.exists():
        return target

    class _HiddenStates(torch.nn.Module):
        def __init__(self, transformer: Any) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            return self.transformer(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    transformer = model[0].auto_model.eval()
    sample = model.tokenizer(["hello world"], return_tensors="pt")
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Export to a private name and rename: concurrent processes never read a half-written file.
    partial = target.with_suffix(f".{os.getpid()}.partial")
    dynamic = {0: "batch", 1: "sequence"}
    # The tracer warns about shape-dependent branches (padding vs cache length,
    # causal masking) that are constant for an encoder without a KV cache; the
    # probe check in from_sentence_transformer verifies padded batches anyway.
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _HiddenStates(transformer),
            (sample["input_ids"], sample["attention_mask"]),
            str(partial),
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": dynamic, "attention_mask": dynamic, "last_hidden_state": dynamic},
            opset_version=17,
            dynamo=False,
        )
    os.replace(partial, target)
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m services.onnx_encoder MODEL_DIR``: export and verify (loads torch)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m services.onnx_encoder MODEL_DIR", file=sys.stderr)
        return 2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(args[0], device="cpu")
    encoder = OnnxSentenceEncoder.from_sentence_transformer(model, args[0])
    return 0 if encoder is not None else 1


if __name__ == "__main__":
    sys.exit(main())
