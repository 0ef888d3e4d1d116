"""Fit the safety model (offline, once): low-rank adapters on MiniLM and a five-way head.

    python -m services.safety_model_fit [--epochs 6] [--folds 4] [--max-fpr 0.02] [--out DIR] [--scores FILE]
                                        [--train FILE ...] [--measure FILE ...]

The shipped weights: ``--folds 1 --ship-split-model`` with the default sets.

Trains on the sentences the linear semantic stage is fitted on
(``safety_semantic_fit.DEFAULT_TRAIN``) and on the older blind sets, read and
since written for (``READ_HOLDOUTS``); the measurement sets are refused and
their sentences dropped, with each side (crisis, none) weighing half of the
loss, in batches of like length. About 2 minutes per pass over 12,000 sentences on two cores:

1. ``--folds`` passes, each on all but one stratified fold, scoring that
   fold, so that every sentence is scored once by a model that never saw it.
   On those out-of-fold probabilities it chooses the two settings the product
   reads: ``threshold``, the lowest crisis probability that keeps false
   positives on the ordinary sentences within ``--max-fpr`` (after the
   screen's figure-of-speech and negation veto) and on the everyday talk
   within ``--max-everyday-fpr`` (the ``everyday_*`` files: ordinary
   conversation, most of what is heard), and ``veto_below``, under which at
   most ``--max-veto-loss`` of the crises the pattern screen catches would be
   vetoed. Scoring every sentence, not one held-back fifth, steadies both:
   the floor is a 2 % quantile, and a fifth holds only about 250 crises the
   screen catches. ``--folds 1`` is the older single split (``--held-back``).
2. on all of them, with the same settings: the weights that ship (with ``--folds 1
   --ship-split-model``, the split's own model ships instead: half the time).

Writes ``<out>/all-MiniLM-L6-v2-lora.npz`` (the adapters, float16, and the
head) and ``.json`` (settings, validation figures, what it was trained on).
"""

from __future__ import annotations

import argparse
import json
import math
import random
from pathlib import Path
from typing import Any

import numpy as np

from services.safety_broad_rules import model_may_veto
from services.safety_model import (
    ADAPTED,
    BASE_MODEL,
    MAX_TOKENS,
    WEIGHTS_DIR,
    block_linear,
    load_base_encoder,
    model_input,
    pooled,
)
from services.safety_screen import screen
from services.safety_semantic_fit import (
    CLASSES,
    DEFAULT_TRAIN,
    MEASUREMENT_SETS,
    READ_HOLDOUTS,
    ROOT,
    class_of,
    load_rows,
)

RANK = 16
SCALE = 2.0  # adapter output multiplier (alpha / rank)
BATCH = 32
MAX_GRAD_NORM = 1.0
# Batches are cut from pools of this many batches, each pool sorted by length, so
# that a batch pads to its own longest sentence, not to the longest turn in the
# file: with a quarter of the sentences long turns, shuffled batches nearly all
# pad to MAX_TOKENS and an epoch costs two to three times as much.
BUCKET_POOL = 16
# Half the rates the 27k-sentence fit used: on 34k sentences those left every sentence
# at one prediction within the first epoch (the loss of a constant guess, 1.36, throughout).
ENCODER_LR = 5e-4
HEAD_LR = 5e-3
SEED = 7


def train(texts: list[str], labels: np.ndarray, epochs: int, seed: int = SEED) -> tuple[Any, Any, Any, Any]:
    """(encoder with adapters, tokenizer, head, adapter modules by key), trained."""
    import torch

    torch.manual_seed(seed)
    order = random.Random(seed)
    encoder, tokenizer = load_base_encoder()

    class Adapter(torch.nn.Module):
        def __init__(self, base: torch.nn.Linear) -> None:
            super().__init__()
            self.base = base
            self.a = torch.nn.Parameter(torch.randn(RANK, base.in_features) * 0.01)
            self.b = torch.nn.Parameter(torch.zeros(base.out_features, RANK))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.base(x) + SCALE * ((x @ self.a.T) @ self.b.T)

    for parameter in encoder.parameters():
        parameter.requires_grad = False
    adapters: dict[str, Adapter] = {}
    for index, block in enumerate(encoder.encoder.layer):
        for name in ADAPTED:
            parent_name, _, attribute = name.rpartition(".")
            parent = block_linear(block, parent_name)
            adapter = Adapter(getattr(parent, attribute))
            setattr(parent, attribute, adapter)
            adapters[f"{index}.{name}"] = adapter
    head = torch.nn.Linear(encoder.config.hidden_size, len(CLASSES))
    y = torch.tensor(labels)
    crisis = (y > 0).float()
    weight = torch.where(y > 0, 0.5 / crisis.sum(), 0.5 / (1 - crisis).sum())
    trainable = [p for a in adapters.values() for p in (a.a, a.b)] + list(head.parameters())
    optimizer = torch.optim.AdamW(
        [{"params": [p for a in adapters.values() for p in (a.a, a.b)], "lr": ENCODER_LR},
         {"params": head.parameters(), "lr": HEAD_LR}],
        weight_decay=0.01,
    )
    steps = epochs * ((len(texts) + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / 30) * max(0.0, 1 - s / steps))
    lengths = token_lengths(tokenizer, texts)
    encoder.train()
    for epoch in range(epochs):
        total = 0.0
        batches = 0
        for chosen in length_bucketed_batches(lengths, BATCH, order):
            batch = tokenizer([model_input(texts[i]) for i in chosen], padding=True, truncation=True,
                              max_length=MAX_TOKENS, return_tensors="pt")
            logits = head(pooled(encoder, batch))
            losses = torch.nn.functional.cross_entropy(logits, y[chosen], reduction="none")
            loss = (losses * weight[chosen]).sum() / weight[chosen].sum()
            optimizer.zero_grad()
            loss.backward()
            # One bad batch at the peak learning rate can push every sentence to the same
            # prediction, from which the fit never recovers: clip the step.
            torch.nn.utils.clip_grad_norm_(trainable, MAX_GRAD_NORM)
            optimizer.step()
            schedule.step()
            total += loss.item()
            batches += 1
            if batches % 200 == 0:
                print(json.dumps({"epoch": epoch, "batches": batches, "mean_loss": round(total / batches, 4)}), flush=True)
        print(json.dumps({"epoch": epoch, "loss": round(total, 3), "mean_loss": round(total / max(1, batches), 4)}), flush=True)
    encoder.eval()
    return encoder, tokenizer, head, adapters


def token_lengths(tokenizer: Any, texts: list[str]) -> list[int]:
    """Each text's length in tokens as the model reads it (cut at MAX_TOKENS)."""
    encoded = tokenizer([model_input(t) for t in texts], truncation=True, max_length=MAX_TOKENS)
    return [len(ids) for ids in encoded["input_ids"]]


def length_bucketed_batches(lengths: list[int], size: int, rng: random.Random) -> list[list[int]]:
    """Every index once, in batches of ``size`` that hold sentences of like length.

    Shuffled, then cut into pools of BUCKET_POOL batches; each pool is sorted by
    length and cut into batches, and the batches are shuffled, so an epoch still
    visits the sentences in a random order and mixes classes within a batch."""
    indices = list(range(len(lengths)))
    rng.shuffle(indices)
    pool = size * BUCKET_POOL
    batches: list[list[int]] = []
    for start in range(0, len(indices), pool):
        ranked = sorted(indices[start : start + pool], key=lambda i: lengths[i])
        batches.extend(ranked[cut : cut + size] for cut in range(0, len(ranked), size))
    rng.shuffle(batches)
    return batches


def crisis_probabilities(encoder: Any, tokenizer: Any, head: Any, texts: list[str]) -> np.ndarray:
    import torch

    with torch.inference_mode():
        logits = head(torch.from_numpy(sentence_vectors(encoder, tokenizer, texts)))
        return np.asarray(1.0 - torch.softmax(logits, dim=-1)[:, 0].numpy(), dtype=np.float64)


def sentence_vectors(encoder: Any, tokenizer: Any, texts: list[str], batch_size: int = 64) -> np.ndarray:
    """(len(texts), hidden) float32: the pooled vectors the head reads, in batches of like length."""
    import torch

    lengths = token_lengths(tokenizer, texts)
    order = sorted(range(len(texts)), key=lambda i: lengths[i])  # like lengths together: less padding
    vectors = np.zeros((len(texts), encoder.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            batch = tokenizer([model_input(texts[i]) for i in chosen], padding=True, truncation=True,
                              max_length=MAX_TOKENS, return_tensors="pt")
            vectors[chosen] = pooled(encoder, batch).numpy()
    return vectors


def choose_settings(texts: list[str], labels: np.ndarray, probability: np.ndarray, max_fpr: float,
                    max_veto_loss: float, everyday: np.ndarray | None = None,
                    max_everyday_fpr: float = 0.01) -> dict[str, float]:
    """``threshold`` and ``veto_below`` from held-back sentences, with their figures.

    ``everyday`` marks the ordinary conversation among them (the everyday-talk
    files): almost every turn a companion hears is that, so its own budget,
    ``max_everyday_fpr``, is far tighter than the hard negatives' ``max_fpr``,
    and the threshold is whichever of the two is higher."""
    screened = [screen(t) for t in texts]
    deferred = np.array([s.figurative or s.negated for s in screened])
    flagged = np.array([s.flagged for s in screened])
    unvetoed = np.array([not model_may_veto(s.rule) for s in screened])
    crisis = labels > 0
    # The meaning stage never flags what the screen explains away.
    meaning = np.where(deferred, 0.0, probability)
    ordinary = everyday if everyday is not None else np.zeros(len(texts), dtype=bool)
    passed = ~crisis & ~flagged
    threshold = max(0.5, _above_all_but(meaning[passed], max_fpr),
                    _above_all_but(meaning[passed & ordinary], max_everyday_fpr))
    caught = np.sort(probability[crisis & flagged & ~unvetoed])
    lost = int(np.floor(max_veto_loss * len(caught)))
    veto_below = float(min(0.5, caught[lost])) if len(caught) else 0.0
    kept = flagged & (unvetoed | (probability >= veto_below))
    product = kept | (~flagged & (meaning >= threshold))
    # Kept to 4 decimals, rounded the safe way: the threshold up (still above the
    # ordinary sentence it must pass over), the floor down (still under the crisis it must keep).
    return {
        "threshold": math.ceil(threshold * 1e4) / 1e4,
        "veto_below": math.floor(veto_below * 1e4) / 1e4,
        "held_back_sentences": int(len(texts)),
        "held_back_recall_screen": round(float(flagged[crisis].mean()), 3),
        "held_back_fpr_screen": round(float(flagged[~crisis].mean()), 3),
        "held_back_recall": round(float(product[crisis].mean()), 3),
        "held_back_fpr": round(float(product[~crisis].mean()), 3),
        "held_back_everyday_sentences": int((ordinary & ~crisis).sum()),
        "held_back_everyday_fpr": round(float(product[ordinary & ~crisis].mean()), 4) if ordinary.any() else 0.0,
    }


def _above_all_but(scores: np.ndarray, share: float) -> float:
    """The lowest threshold that only the top ``share`` of ``scores`` reach (0.0
    when that share is all of them)."""
    ranked = np.sort(scores)[::-1]
    allowed = int(np.floor(share * len(ranked)))
    return float(ranked[allowed] + 1e-6) if allowed < len(ranked) else 0.0


def is_everyday_talk(row: dict[str, Any]) -> bool:
    """A sentence of ordinary conversation: from an ``everyday_*`` training file."""
    return str(row.get("source", "")).startswith("everyday")


def stratified_split(labels: np.ndarray, share: float, seed: int = SEED) -> np.ndarray:
    """A boolean mask of the held-back ``share`` of each class."""
    rng = np.random.default_rng(seed)
    held = np.zeros(len(labels), dtype=bool)
    for cls in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == cls))
        held[members[: int(round(share * len(members)))]] = True
    return held


def chosen(texts: list[str], mask: np.ndarray) -> list[str]:
    """The texts where ``mask`` is True."""
    return [text for text, keep in zip(texts, mask, strict=True) if keep]


def stratified_folds(labels: np.ndarray, folds: int, seed: int = SEED) -> np.ndarray:
    """The fold (0 .. ``folds`` - 1) of each sentence, each class dealt round the folds."""
    rng = np.random.default_rng(seed)
    fold = np.zeros(len(labels), dtype=int)
    for cls in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == cls))
        fold[members] = np.arange(len(members)) % folds
    return fold


def out_of_fold_probabilities(texts: list[str], labels: np.ndarray, fold: np.ndarray, epochs: int) -> np.ndarray:
    """Each sentence's crisis probability from the model trained on the other folds."""
    probability = np.zeros(len(texts))
    for k in np.unique(fold):
        held = fold == k
        encoder, tokenizer, head, _ = train(chosen(texts, ~held), labels[~held], epochs)
        probability[held] = crisis_probabilities(encoder, tokenizer, head, chosen(texts, held))
        print(json.dumps({"fold": int(k), "scored": int(held.sum())}), flush=True)
    return probability


def save(out: Path, adapters: dict[str, Any], head: Any, about: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    for key, adapter in adapters.items():
        arrays[f"{key}.A"] = adapter.a.detach().numpy().astype(np.float16)
        arrays[f"{key}.B"] = adapter.b.detach().numpy().astype(np.float16)
    arrays["head.weight"] = head.weight.detach().numpy().astype(np.float32)
    arrays["head.bias"] = head.bias.detach().numpy().astype(np.float32)
    adapters_path = out / f"{BASE_MODEL}-lora.npz"
    np.savez_compressed(adapters_path, **arrays)  # type: ignore[arg-type]
    (out / f"{BASE_MODEL}-lora.json").write_text(json.dumps(about, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {adapters_path} ({adapters_path.stat().st_size / 1e6:.2f} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    # Five passes over 34k sentences: about the steps six took over 27k.
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--max-fpr", type=float, default=0.02)
    parser.add_argument("--max-veto-loss", type=float, default=0.02)
    # Ordinary conversation: at most one check-in per ~100 turns of it. At 0.5 % this bar,
    # not the hard negatives' 2 %, set both earlier fits' thresholds, and on 34k sentences
    # it set one so high that blind recall fell (0.929 / 0.596 -> 0.898 / 0.573) while the
    # check-ins on LoCoMo's ordinary turns were already few (6 of 2,759). Chosen before
    # holdouts 60-62 were read; holdouts 63-65 now measure the next fit.
    parser.add_argument("--max-everyday-fpr", type=float, default=0.01)
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--held-back", type=float, default=0.2)
    # With --folds 1: ship the model the settings were chosen on (trained without the
    # held-back share) instead of training once more on everything; half the time.
    parser.add_argument("--ship-split-model", action="store_true")
    parser.add_argument("--out", type=Path, default=WEIGHTS_DIR)
    # Each held-back sentence with its probability, to study the settings without a re-fit.
    parser.add_argument("--scores", type=Path, default=None)
    parser.add_argument("--train", type=Path, nargs="+", default=[*DEFAULT_TRAIN, *READ_HOLDOUTS])
    # The sets a later reading measures: refused as training, their sentences dropped from it.
    parser.add_argument("--measure", type=Path, nargs="+", default=MEASUREMENT_SETS)
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(max(1, torch.get_num_threads()))
    rows = load_rows(args.train, held_out=args.measure)
    texts = [str(r["text"]) for r in rows]
    labels = np.array([class_of(r) for r in rows])
    everyday = np.array([is_everyday_talk(r) for r in rows])
    if args.ship_split_model and args.folds != 1:
        raise SystemExit("--ship-split-model needs --folds 1")
    split_model = None
    if args.folds > 1:
        held = np.ones(len(texts), dtype=bool)
        probability = out_of_fold_probabilities(texts, labels, stratified_folds(labels, args.folds), args.epochs)
    else:
        held = stratified_split(labels, args.held_back)
        split_model = train(chosen(texts, ~held), labels[~held], args.epochs)
        encoder, tokenizer, head, _ = split_model
        probability = crisis_probabilities(encoder, tokenizer, head, chosen(texts, held))
    settings = choose_settings(chosen(texts, held), labels[held], probability, args.max_fpr, args.max_veto_loss,
                               everyday[held], args.max_everyday_fpr)
    print(json.dumps(settings), flush=True)
    if args.scores:
        held_rows = [row for row, keep in zip(rows, held, strict=True) if keep]
        args.scores.write_text("".join(
            json.dumps({"text": row["text"], "label": int(label), "source": row.get("source"),
                        "probability": round(float(score), 5)}, ensure_ascii=False) + "\n"
            for row, label, score in zip(held_rows, labels[held], probability, strict=True)), encoding="utf-8")

    if args.ship_split_model and split_model is not None:
        encoder, tokenizer, head, adapters = split_model
        trained_rows = int((~held).sum())
    else:
        encoder, tokenizer, head, adapters = train(texts, labels, args.epochs)
        trained_rows = len(rows)
    trained_on = [str(p.resolve().relative_to(ROOT)) for p in args.train]
    about = {
        "base_model": BASE_MODEL, "classes": CLASSES, "rank": RANK, "scale": SCALE, "epochs": args.epochs,
        "batching": f"length-bucketed, pools of {BUCKET_POOL} batches of {BATCH}",
        "threshold": settings["threshold"], "veto_below": settings["veto_below"],
        "chosen_on_held_back": settings, "max_fpr": args.max_fpr, "max_veto_loss": args.max_veto_loss,
        "max_everyday_fpr": args.max_everyday_fpr, "folds": args.folds,
        "sentences": len(rows), "crisis": int((labels > 0).sum()), "trained_on": trained_on,
        "trained_on_sentences": trained_rows,
    }
    save(args.out, adapters, head, about)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
