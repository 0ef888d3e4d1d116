"""Re-fit the safety model's five-way head alone (offline): the adapters stay.

    python -m services.safety_head_fit [--steps 400] [--held-back 0.2] [--from DIR] [--out DIR]
                                       [--train FILE ...] [--measure FILE ...] [--no-spoken-copies]

The full fit (``safety_model_fit``) trains the encoder's adapters and the head
together, batch by batch: on the 38,000 sentences there are now, three hours and
more on two cores. The head alone is a linear map of the encoder's sentence
vector, and that vector does not change while the adapters stay. So each
sentence is encoded once (about 7 minutes for all of them) and the head is
fitted on the vectors, full batch, in seconds. What that buys: the sets written
since the adapters were fitted (ordinary talk and crises in many more themes)
reach the part of the model that draws the line between them.

1. The sentences are split as the full fit splits them (``--held-back`` of each
   class); the head starts from the current one and takes ``--steps`` Adam steps
   on the rest, each side (crisis, none) weighing half of the loss. Starting
   from the current head and stopping early keeps the new one close to it
   where the new sentences have nothing to say.
2. ``threshold`` and ``veto_below`` are chosen as the full fit chooses them
   (``choose_settings``), on the held-back sentences of the sets no part of the
   current model trained on (not its adapters, not an earlier head re-fit):
   sentences the adapters have seen score too confidently to set a threshold on.
   The false-positive budget is the current model's own rate on those same
   sentences, when that is under ``--max-fpr``: the re-fit must read more
   crises at no more false positives, not trade one for the other.
   Each training sentence is also trained on as speech-to-text gives it
   (``spoken_form``: lower case, no punctuation), since a spoken turn arrives so.
3. The split's head ships (as ``safety_model_fit --ship-split-model`` does): the
   settings were chosen on exactly the model that ships.

Writes the current adapters unchanged with the new head to ``<out>``, and the
settings file with what the head was trained and its settings chosen on
(``head_refit``).
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np

from services.safety_model import (
    BASE_MODEL,
    WEIGHTS_DIR,
    head_probabilities,
    load_adapted_encoder,
    weights_files,
)
from services.safety_model_fit import (
    choose_settings,
    chosen,
    is_everyday_talk,
    sentence_vectors,
    stratified_split,
)
from services.safety_screen import screen
from services.safety_semantic_fit import (
    DEFAULT_TRAIN,
    MEASUREMENT_SETS,
    READ_HOLDOUTS,
    ROOT,
    class_of,
    load_rows,
)

STEPS = 400
LEARNING_RATE = 0.01
SEED = 7


def fit_head(vectors: np.ndarray, labels: np.ndarray, weight: np.ndarray, bias: np.ndarray,
             steps: int = STEPS, learning_rate: float = LEARNING_RATE) -> tuple[np.ndarray, np.ndarray]:
    """(weight, bias) of the head after ``steps`` full-batch Adam steps from
    (``weight``, ``bias``), each side (crisis, none) weighing half of the loss."""
    import torch

    torch.manual_seed(SEED)
    x = torch.from_numpy(np.ascontiguousarray(vectors, dtype=np.float32))
    y = torch.from_numpy(labels.astype(np.int64))
    crisis = y > 0
    share = torch.where(crisis, 0.5 / max(1, int(crisis.sum())), 0.5 / max(1, int((~crisis).sum())))
    w = torch.nn.Parameter(torch.from_numpy(np.array(weight, dtype=np.float32)))
    b = torch.nn.Parameter(torch.from_numpy(np.array(bias, dtype=np.float32)))
    optimizer = torch.optim.Adam([w, b], lr=learning_rate)
    for _ in range(steps):
        losses = torch.nn.functional.cross_entropy(x @ w.T + b, y, reduction="none")
        loss = (losses * share).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return w.detach().numpy(), b.detach().numpy()


def spoken_form(text: str) -> str:
    """``text`` as speech-to-text may give it: lower case, no punctuation (an
    apostrophe kept). A head trained on typed sentences alone learns that "?"
    marks a question: "where does he work?" read as ordinary and "where does he
    work" as a threat (a stalker's intent) before the spoken copies."""
    kept = "".join(" " if unicodedata.category(ch).startswith("P") and ch not in "'’" else ch for ch in text)
    return " ".join(kept.casefold().split())


def with_spoken_copies(texts: list[str], vectors: np.ndarray, labels: np.ndarray, encoder: Any,
                       tokenizer: Any) -> tuple[np.ndarray, np.ndarray, int]:
    """``vectors`` and ``labels`` of ``texts`` with those of each text's spoken form
    added, where it differs: the same sentence, heard (``spoken_form``). Returns the
    vectors, the labels and how many copies were added."""
    forms = [spoken_form(text) for text in texts]
    copies = [index for index, (text, form) in enumerate(zip(texts, forms, strict=True)) if form and form != text]
    if not copies:
        return vectors, labels, 0
    spoken = sentence_vectors(encoder, tokenizer, [forms[index] for index in copies])
    return np.concatenate([vectors, spoken]), np.concatenate([labels, labels[copies]]), len(copies)


def crisis_probability(vectors: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """1 - P(none) of each vector under the head, as the product computes it."""
    return np.asarray(1.0 - head_probabilities(vectors, weight, bias)[:, 0], dtype=np.float64)


def trained_on_files(about: dict[str, Any]) -> set[str]:
    """File names any part of the model in ``about`` was trained on (adapters and head)."""
    names = [*about.get("trained_on", []), *about.get("head_refit", {}).get("trained_on", [])]
    return {Path(name).name for name in names}


def model_alone_fpr(texts: list[str], labels: np.ndarray, probability: np.ndarray, threshold: float) -> float:
    """The share of the ordinary sentences the screen passes that the model flags
    at ``threshold`` (never one the screen explains away): the rate
    ``choose_settings``' ``max_fpr`` bounds, counted the same way."""
    screened = [screen(t) for t in texts]
    passed = np.array([not s.flagged for s in screened]) & (labels == 0)
    explained = np.array([s.figurative or s.negated for s in screened])
    flags = (probability >= threshold) & ~explained
    return float(flags[passed].mean()) if passed.any() else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    parser.add_argument("--held-back", type=float, default=0.2)
    parser.add_argument("--max-fpr", type=float, default=0.02)
    parser.add_argument("--max-veto-loss", type=float, default=0.02)
    parser.add_argument("--max-everyday-fpr", type=float, default=0.01)
    parser.add_argument("--no-spoken-copies", dest="spoken_copies", action="store_false",
                        help="train on the sentences as written only (default: each also as speech-to-text gives it)")
    parser.add_argument("--from", dest="source", type=Path, default=WEIGHTS_DIR, help="the model whose adapters stay")
    parser.add_argument("--out", type=Path, default=WEIGHTS_DIR)
    parser.add_argument("--train", type=Path, nargs="+", default=[*DEFAULT_TRAIN, *READ_HOLDOUTS])
    # The sets a later reading measures: refused as training, their sentences dropped from it.
    parser.add_argument("--measure", type=Path, nargs="+", default=MEASUREMENT_SETS)
    args = parser.parse_args(argv)

    encoder, tokenizer, arrays, about = load_adapted_encoder(args.source)
    rows = load_rows(args.train, held_out=args.measure)
    seen = trained_on_files(about)
    unseen = np.array([str(row["source"]) not in seen for row in rows])
    if not unseen.any():
        raise SystemExit("every training sentence is one the current model trained on: write new sets first")
    texts = [str(r["text"]) for r in rows]
    labels = np.array([class_of(r) for r in rows])
    everyday = np.array([is_everyday_talk(r) for r in rows])
    vectors = sentence_vectors(encoder, tokenizer, texts)
    held = stratified_split(labels, args.held_back)
    fit_vectors, fit_labels, copies = vectors[~held], labels[~held], 0
    if args.spoken_copies:  # the training side only: the settings are chosen on sentences as written
        fit_vectors, fit_labels, copies = with_spoken_copies(chosen(texts, ~held), fit_vectors, fit_labels,
                                                             encoder, tokenizer)
    weight, bias = fit_head(fit_vectors, fit_labels, arrays["head.weight"], arrays["head.bias"],
                            args.steps, args.learning_rate)

    judged = held & unseen
    judged_texts = chosen(texts, judged)
    before = model_alone_fpr(judged_texts, labels[judged],
                             crisis_probability(vectors[judged], arrays["head.weight"], arrays["head.bias"]),
                             float(about["threshold"]))
    budget = min(args.max_fpr, before + 1e-9)  # the same count of sentences, not one fewer by rounding
    settings = choose_settings(judged_texts, labels[judged], crisis_probability(vectors[judged], weight, bias),
                               budget, args.max_veto_loss, everyday[judged], args.max_everyday_fpr)
    print(json.dumps({"replaced_model_alone_fpr": round(before, 4), **settings}), flush=True)

    trained = sorted({str(row["source"]) for row, keep in zip(rows, ~held, strict=True) if keep})
    refit = {
        "steps": args.steps, "learning_rate": args.learning_rate, "held_back": args.held_back,
        "trained_on": [repo_relative(p) for p in args.train if p.name in trained],
        "trained_on_sentences": int((~held).sum()),
        "spoken_copies": copies,
        "settings_chosen_on": sorted({str(row["source"]) for row, keep in zip(rows, judged, strict=True) if keep}),
        "replaced": {"threshold": about["threshold"], "veto_below": about["veto_below"],
                     "model_alone_fpr": round(before, 4)},
        "max_fpr": budget, "max_veto_loss": args.max_veto_loss, "max_everyday_fpr": args.max_everyday_fpr,
        "chosen_on_held_back": settings,
    }
    save_head(args.out, arrays, weight, bias,
              {**about, "threshold": settings["threshold"], "veto_below": settings["veto_below"], "head_refit": refit})
    return 0


def repo_relative(path: Path) -> str:
    """``path`` as the settings file names a training set: from the repository's root
    when it is in the repository, else as given."""
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(path)


def save_head(out: Path, arrays: dict[str, np.ndarray], weight: np.ndarray, bias: np.ndarray,
              about: dict[str, Any]) -> None:
    """The stored arrays with the head replaced, and the settings file."""
    out.mkdir(parents=True, exist_ok=True)
    adapters_path, settings_path = weights_files(out)
    kept = {key: value for key, value in arrays.items() if not key.startswith("head.")}
    np.savez_compressed(adapters_path, **kept, **{  # type: ignore[arg-type]
        "head.weight": weight.astype(np.float32), "head.bias": bias.astype(np.float32)})
    settings_path.write_text(json.dumps(about, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {adapters_path} ({adapters_path.stat().st_size / 1e6:.2f} MB), head of {BASE_MODEL} re-fitted")


if __name__ == "__main__":
    raise SystemExit(main())
