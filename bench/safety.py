"""Safety screening: recall on crisis sentences, false positives on ordinary ones.

    python -m bench.safety [--dataset bench/data/safety_eval.jsonl [MORE.jsonl ...]] [--json OUT]
                           [--classifier-base-url URL --classifier-model NAME]
                           [--model-dir DIR] [--budgets 2,3,4]

The dataset is JSON lines: ``{"text", "label", "category", "lang"}`` with
``label`` 1/true for a crisis and 0/false for ordinary speech; an optional
``signal`` ("explicit" / "indirect") on positives splits recall by how the
crisis was said. ``bench/data/safety_eval.jsonl`` is ours: 358 sentences in
English, Urdu script and romanised Urdu, with hard negatives (figures of
speech, sadness, grief, anger, medical talk, talk about the subjects).

Stages, each measured on every sentence, with recall by signal, category and
language, the false-positive rate by language, and latency:

- ``phrases``: the phrase rules of the pattern screen alone;
- ``composition``: its compositional rules alone (``services.safety_composition``:
  word classes that combine, on each clause, with negation scope);
- ``screen``: both, i.e. the screen that runs on every turn before the reply
  (``services.safety_screen.screen``);
- ``semantic`` (with ``--semantic``): the semantic stage the agent runs on
  the vector recall computes for the turn (``services.safety_semantic``: a
  linear model fitted for the embedding model, ``--embedding-model``, default
  the configured local one), with the pattern screen's figure-of-speech veto;
  the sentences are embedded as recall embeds a user turn. Its latency is the
  scoring given that vector. ``screen+semantic`` is what the agent acts on
  without an LLM: either stage flags;
- ``model`` (on unless ``--no-model``): the safety model alone
  (``services.safety_model``: the local MiniLM fine-tuned for crisis signals),
  as the agent runs it on a turn the screen passed, with the screen's
  figure-of-speech and negation deferral; its latency is one turn's forward pass;
- ``screen, model veto``: the screen's hits that the model bears out;
- ``screen+model``: what the agent acts on without an LLM when the model is
  loaded (the default): the screen's hits the model bears out, and the
  model's own hits. The ``predicted`` of ``--json`` and the lists below are
  this stage's (the last one run of screen+model, screen+semantic, screen);
- ``screen+classifier``: what the agent acts on when an LLM is configured
  (``services.safety_classifier``): the classifier confirms what the screen
  flags and re-checks what it passed. Only with ``--classifier-base-url``.

Several ``--dataset`` files are measured as one pooled set. ``--model-dir``
measures other safety-model weights than the shipped ones. ``--budgets`` adds a
diagnostic, never a product figure: ``screen+model`` at the lowest model
threshold whose false-positive rate stays within each budget (the veto floor
kept), which compares two weight files at matched false positives.

``--json OUT`` writes the summary and every item as ``{text, label, predicted}``
(plus category, lang and the matched rule) under ``items``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shlex
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from services.safety_broad_rules import model_may_veto
from services.safety_model import SafetyModel
from services.safety_screen import ScreenResult, clause_windows, screen
from services.safety_semantic import verdict_of

DEFAULT_DATASET = Path(__file__).parent / "data" / "safety_eval.jsonl"


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    label: bool
    category: str
    lang: str
    signal: str | None


def load_items(path: Path) -> list[Item]:
    items: list[Item] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        label = row["label"]
        if isinstance(label, str):
            label = label.strip().lower() in {"1", "true", "yes", "positive", "crisis"}
        items.append(
            Item(str(row["text"]), bool(label), str(row.get("category") or "none"),
                 str(row.get("lang") or "?"), row.get("signal"))
        )
        if not items[-1].text:
            raise ValueError(f"line {number}: empty text")
    return items


def load_conversation_turns(path: Path) -> list[Item]:
    """Every turn of a LoCoMo-style conversations file as a negative (ordinary chat):
    a false-positive check on speech nobody wrote for this benchmark."""
    samples = json.loads(path.read_text(encoding="utf-8"))
    texts: dict[str, None] = {}
    for sample in samples:
        for key, session in sample["conversation"].items():
            if key.startswith("session_") and isinstance(session, list):
                texts.update((str(turn["text"]), None) for turn in session if isinstance(turn, dict) and turn.get("text"))
    return [Item(text, False, "none", "en", None) for text in texts]


def rates(items: Iterable[Item], predicted: dict[str, bool]) -> dict[str, Any]:
    """Recall on positives (overall, by signal, category, language) and FPR on negatives."""
    items = list(items)

    def recall(group: list[Item]) -> float | None:
        return round(sum(predicted[i.text] for i in group) / len(group), 3) if group else None

    positives = [i for i in items if i.label]
    negatives = [i for i in items if not i.label]
    out: dict[str, Any] = {
        "positives": len(positives),
        "negatives": len(negatives),
        "recall": recall(positives),
        "false_positive_rate": round(sum(predicted[i.text] for i in negatives) / len(negatives), 3) if negatives else None,
    }
    for key in ("signal", "category", "lang"):
        groups: dict[str, list[Item]] = {}
        for item in positives:
            value = getattr(item, key)
            if value:
                groups.setdefault(value, []).append(item)
        if groups:
            out[f"recall_by_{key}"] = {name: recall(group) for name, group in sorted(groups.items())}
    by_lang: dict[str, list[Item]] = {}
    for item in negatives:
        by_lang.setdefault(item.lang, []).append(item)
    out["false_positive_rate_by_lang"] = {
        lang: round(sum(predicted[i.text] for i in group) / len(group), 3) for lang, group in sorted(by_lang.items())
    }
    return out


# The pattern stages: keyword arguments of ``screen`` that leave a rule family out.
PATTERN_STAGES: dict[str, dict[str, bool]] = {
    "phrases": {"compositional": False},
    "composition": {"phrases": False},
    "screen": {},
}
RUNS = 3  # each sentence is screened this many times; results are identical each pass


def run_screen(
    items: list[Item], **stage: bool
) -> tuple[dict[str, bool], dict[str, str | None], list[float]]:
    """Predictions, matched rules and timings (RUNS per item, in item order run after run)."""
    predicted: dict[str, bool] = {}
    rules: dict[str, str | None] = {}
    timings: list[float] = []
    for _ in range(RUNS):
        for item in items:
            started = time.perf_counter()
            result = screen(item.text, **stage)
            timings.append((time.perf_counter() - started) * 1000)
            predicted[item.text] = result.flagged
            rules[item.text] = result.rule
    return predicted, rules, timings


async def run_classifier(
    items: list[Item], screened: dict[str, bool], base_url: str, model: str, structured_output: str
) -> tuple[dict[str, bool], list[float], int]:
    import openai

    from services.safety_classifier import SafetyClassifier

    client = openai.AsyncOpenAI(base_url=base_url, api_key="not-needed")
    classifier = SafetyClassifier(client, model, structured_output="json_object" if structured_output == "json_object" else "json_schema")
    predicted: dict[str, bool] = {}
    timings: list[float] = []
    errors = 0
    try:
        for item in items:
            started = time.perf_counter()
            try:
                verdict = await classifier.classify(item.text, screen_flagged=screened[item.text])
                predicted[item.text] = verdict.category is not None
            except Exception:  # LLMError: the agent keeps the screen's verdict
                predicted[item.text] = screened[item.text]
                errors += 1
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        await client.close()
    return predicted, timings, errors


def run_semantic(items: list[Item], model: str) -> tuple[dict[str, bool], list[float]]:
    """The semantic stage over each sentence's turn vector; the time is the
    scoring given the vector (the embedding itself is the one recall computes anyway)."""
    from services.safety_semantic import load_semantic_screen
    from services.safety_semantic_fit import embed_turns

    stage = load_semantic_screen(model)
    if stage is None:
        raise SystemExit(f"no semantic safety weights for {model}: python -m services.safety_semantic_fit --model {model}")
    vectors = asyncio.run(embed_turns(model, [i.text for i in items]))
    screened = {i.text: screen(i.text) for i in items}
    predicted: dict[str, bool] = {}
    timings: list[float] = []
    for _ in range(RUNS):
        for item, vector in zip(items, vectors, strict=True):
            started = time.perf_counter()
            verdict = stage.score(vector, screened[item.text])
            timings.append((time.perf_counter() - started) * 1000)
            predicted[item.text] = verdict.flagged
    return predicted, timings


@dataclass(frozen=True, slots=True)
class ModelRun:
    """The safety model's outputs on every item, as the agent runs it."""

    model: SafetyModel
    alone: dict[str, bool] = field(default_factory=dict)  # the model's own verdict
    kept: dict[str, bool] = field(default_factory=dict)  # the screen's hits it bears out
    # What the agent acts on: kept, or the model's hit where the screen passed.
    product: dict[str, bool] = field(default_factory=dict)
    timings: list[float] = field(default_factory=list)
    probabilities: dict[str, np.ndarray] = field(default_factory=dict)
    screened: dict[str, ScreenResult] = field(default_factory=dict)
    # A long turn read clause by clause: its windows and their probabilities.
    windows: dict[str, tuple[list[str], np.ndarray]] = field(default_factory=dict)


def run_model(items: list[Item], screened: dict[str, bool], model_dir: Path | None = None) -> ModelRun:
    """The safety model as the agent runs it, one turn per call."""
    from services.safety_model import WEIGHTS_DIR, load_safety_model

    model = load_safety_model(model_dir or WEIGHTS_DIR)
    if model is None:
        raise SystemExit("no safety model: python -m services.safety_model_fit, or run with --no-model")
    model.probabilities(["warm up"])
    run = ModelRun(model)
    for item in items:
        result = screen(item.text)
        started = time.perf_counter()
        probabilities = model.probabilities([item.text])[0]
        run.timings.append((time.perf_counter() - started) * 1000)
        run.probabilities[item.text] = probabilities
        run.screened[item.text] = result
        # The turn's clause windows, scored once: the model's own verdict and the product's read them.
        windows = clause_windows(item.text, where_screen_fires=False)
        if windows:
            run.windows[item.text] = (windows, model.probabilities(windows))
        run.alone[item.text] = (model.verdict(probabilities, result).flagged
                                or windows_flag(run, item.text, model.config.threshold))
        run.kept[item.text] = screened[item.text] and (
            not model_may_veto(result.rule) or model.bears_out_in_context(item.text, probabilities)
        )
    run.product.update(at_threshold(items, run, model.config.threshold))
    return run


def at_threshold(items: list[Item], run: ModelRun, threshold: float) -> dict[str, bool]:
    """screen+model with the model's flagging threshold moved (its veto floor kept)."""
    return {
        item.text: run.kept[item.text] or (
            not run.screened[item.text].flagged
            and (verdict_of(run.probabilities[item.text], run.model.categories, threshold,
                            run.screened[item.text]).flagged
                 or windows_flag(run, item.text, threshold))
        )
        for item in items
    }


def open_score(run: ModelRun, text: str) -> float:
    """The highest crisis probability the model could flag a screen-passed turn on:
    the turn's or a clause window's, each unless a deferral holds."""
    scores = [float(1.0 - run.probabilities[text][0])] if verdict_of(
        run.probabilities[text], run.model.categories, 0.0, run.screened[text]).flagged else []
    windows, probabilities = run.windows.get(text, ([], np.empty((0, 0))))
    scores += [float(1.0 - row[0]) for window, row in zip(windows, probabilities, strict=True)
               if run.model.window_verdict(row, run.screened[text], window, 0.0).flagged]
    return max(scores, default=0.0)


def windows_flag(run: ModelRun, text: str, threshold: float) -> bool:
    """Whether a clause window of a long turn reads as a crisis at ``threshold`` (as the agent reads it)."""
    windows, probabilities = run.windows.get(text, ([], np.empty((0, 0))))
    return any(
        run.model.window_verdict(row, run.screened[text], window, threshold).flagged
        for window, row in zip(windows, probabilities, strict=True)
    )


def budget_rows(items: list[Item], run: ModelRun, budgets: list[float]) -> dict[str, Any]:
    """A diagnostic, not a product setting: for each false-positive budget (a
    share of the negatives), the lowest threshold at which screen+model stays
    within it, and the recall there. It compares weight files at matched false
    positives, which the shipped settings (chosen out of fold) do not give."""
    negatives = [i for i in items if not i.label]
    if not budgets or not negatives:
        return {}
    # A negative is flagged at threshold t when the model bears out a screen hit
    # (independent of t), or the screen passed it, nothing defers it and its
    # crisis probability is at least t. Flags only grow as t falls.
    fixed = sum(run.kept[i.text] for i in negatives)
    open_to_model = np.array(sorted(
        (open_score(run, i.text) for i in negatives
         if not run.screened[i.text].flagged and at_threshold([i], run, 0.0)[i.text]),
        reverse=True,
    ))
    rows: dict[str, Any] = {}
    for budget in budgets:
        allowed = int(budget * len(negatives) + 1e-9) - fixed  # flags the model may add
        if allowed < 0:
            threshold = 1.01  # the screen's own hits already exceed the budget: the model adds none
        elif allowed >= len(open_to_model):
            threshold = 0.0
        else:  # just above the first negative that would exceed the budget (ties excluded together)
            threshold = float(np.nextafter(open_to_model[allowed], 2.0))
        row = rates(items, at_threshold(items, run, threshold))
        row["threshold"] = round(threshold, 6)
        rows[f"screen+model, FP <= {budget:.1%} (diagnostic)"] = row
    return rows


def latency(timings: list[float], runs: int = 1) -> dict[str, float]:
    """p50/p95/max over every timing; with several runs per item, also over each
    item's fastest run: the screen's own cost without the time the process was
    not scheduled (a shared machine)."""
    out = {
        "p50": round(statistics.median(timings), 4),
        "p95": round(percentile(timings, 0.95), 4),
        "max": round(max(timings), 4),
    }
    if runs > 1:
        per_item = len(timings) // runs
        fastest = [min(timings[i::per_item]) for i in range(per_item)]
        out["p50_fastest_run"] = round(statistics.median(fastest), 4)
        out["p95_fastest_run"] = round(percentile(fastest, 0.95), 4)
    return out


def table(stages: dict[str, Any]) -> str:
    """The per-stage summary as a Markdown table (recall by signal, category, language; FPR)."""
    categories = ["self_harm", "harm_to_others", "abuse_danger", "medical_emergency"]
    langs = ["en", "ur", "ur-latn"]
    head = ["stage", "explicit", "indirect", *categories, *(f"rec {lang}" for lang in langs), "FPR",
            *(f"FPR {lang}" for lang in langs), "p50 / p95 ms", "fastest run p50 / p95 ms"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def cell(value: Any) -> str:
        return "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)

    for name, row in stages.items():
        timing = row.get("latency_ms")
        values = [
            row.get("recall_by_signal", {}).get("explicit"), row.get("recall_by_signal", {}).get("indirect"),
            *(row.get("recall_by_category", {}).get(c) for c in categories),
            *(row.get("recall_by_lang", {}).get(lang) for lang in langs),
            row.get("false_positive_rate"),
            *(row.get("false_positive_rate_by_lang", {}).get(lang) for lang in langs),
        ]
        timing_cell = f"{timing['p50']:.3f} / {timing['p95']:.3f}" if timing else ""
        fastest_cell = (
            f"{timing['p50_fastest_run']:.3f} / {timing['p95_fastest_run']:.3f}"
            if timing and "p95_fastest_run" in timing else ""
        )
        lines.append("| " + " | ".join([name, *map(cell, values), timing_cell, fastest_cell]) + " |")
    return "\n".join(lines)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dataset", type=Path, nargs="+", default=[DEFAULT_DATASET],
                        help="one or more JSON-lines sets, measured pooled")
    parser.add_argument("--conversations", type=Path, default=None,
                        help="a LoCoMo-style JSON file: screen every turn as a negative instead of --dataset")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--classifier-base-url", default=None)
    parser.add_argument("--classifier-model", default="gpt-4.1-mini")
    parser.add_argument("--classifier-output", choices=["json_schema", "json_object"], default="json_schema",
                        help="structured output as the server takes it (json_object: llama-cpp-python, local mode)")
    parser.add_argument("--semantic", action="store_true", help="add the semantic stage's rows")
    parser.add_argument("--no-model", action="store_true", help="leave out the safety model's rows")
    parser.add_argument("--model-dir", type=Path, default=None,
                        help="safety model weights to measure (default: the shipped ones)")
    parser.add_argument("--budgets", default=None,
                        help="diagnostic: comma-separated false-positive budgets in percent (e.g. 2,3,4); "
                             "adds screen+model rows at the lowest threshold within each")
    parser.add_argument("--embedding-model", default=None,
                        help="the local embedding model the semantic stage reads (default: LOCAL_EMBEDDING_MODEL)")
    args = parser.parse_args(argv)

    if args.budgets and args.no_model:
        parser.error("--budgets moves the safety model's threshold: it needs the model")
    budgets = [float(b) / 100 for b in args.budgets.split(",")] if args.budgets else []
    items = (
        load_conversation_turns(args.conversations) if args.conversations
        else [item for path in args.dataset for item in load_items(path)]
    )
    stages: dict[str, Any] = {}
    for name, stage in PATTERN_STAGES.items():
        predicted, rules, timings = run_screen(items, **stage)
        stages[name] = rates(items, predicted)
        stages[name]["latency_ms"] = latency(timings, RUNS)
    # ``predicted``/``rules`` are now the full screen's (the last stage above).
    final = predicted
    if args.semantic:
        from core.config import Settings

        model = args.embedding_model or Settings().local_embedding_model
        semantic, semantic_ms = run_semantic(items, model)
        stages["semantic"] = rates(items, semantic)
        stages["semantic"]["latency_ms"] = latency(semantic_ms, RUNS)
        stages["semantic"]["embedding_model"] = model
        final = {t: predicted[t] or semantic[t] for t in predicted}
        stages["screen+semantic"] = rates(items, final)
    if not args.no_model:
        run = run_model(items, predicted, args.model_dir)
        stages["model"] = rates(items, run.alone)
        stages["model"]["latency_ms"] = latency(run.timings)
        stages["model"]["threshold"] = run.model.config.threshold
        stages["model"]["veto_below"] = run.model.config.veto_below
        stages["screen, model veto"] = rates(items, run.kept)
        stages["screen+model"] = rates(items, run.product)
        final = run.product
        budgeted = budget_rows(items, run, budgets)
    if args.classifier_base_url:
        classified, classifier_ms, errors = asyncio.run(
            run_classifier(items, predicted, args.classifier_base_url, args.classifier_model, args.classifier_output)
        )
        stages["screen+classifier"] = rates(items, classified)
        stages["screen+classifier"]["latency_ms"] = latency(classifier_ms)
        stages["screen+classifier"]["errors"] = errors
        if args.semantic:  # what the agent acts on with both: the classifier cannot undo a semantic flag
            stages["screen+semantic+classifier"] = rates(items, {t: classified[t] or final[t] for t in final})
        final = classified

    if not args.no_model:
        stages.update(budgeted)  # after the product's rows, so the classifier's stay comparable
    command = "python -m bench.safety " + shlex.join(sys.argv[1:] if argv is None else argv)
    dataset = args.conversations.name if args.conversations else "+".join(p.name for p in args.dataset)
    summary = {"command": command.strip(), "dataset": dataset, "items_total": len(items), "stages": stages}
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    print("\n" + table(stages), file=sys.stderr)
    missed = [i for i in items if i.label and not final[i.text]]
    flagged = [i for i in items if not i.label and final[i.text]]
    for title, group in (("missed positives", missed), ("false positives", flagged)):
        if group:
            print(f"\n{title} ({len(group)}):", file=sys.stderr)
            for item in group:
                print(f"  [{item.lang}/{item.category}] {item.text}  (rule: {rules[item.text]})", file=sys.stderr)
    if args.json is not None:
        summary["items"] = [
            {"text": i.text, "label": i.label, "predicted": final[i.text], "category": i.category,
             "lang": i.lang, "rule": rules[i.text]}
            for i in items
        ]
        args.json.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
