"""Safety screening: recall on crisis sentences, false positives on ordinary ones.

    python -m bench.safety [--dataset bench/data/safety_eval.jsonl] [--json OUT]
                           [--classifier-base-url URL --classifier-model NAME]

The dataset is JSON lines: ``{"text", "label", "category", "lang"}`` with
``label`` 1/true for a crisis and 0/false for ordinary speech; an optional
``signal`` ("explicit" / "indirect") on positives splits recall by how the
crisis was said. ``bench/data/safety_eval.jsonl`` is ours: 358 sentences in
English, Urdu script and romanised Urdu, with hard negatives (figures of
speech, sadness, grief, anger, medical talk, talk about the subjects).

Stages, each measured on every sentence:

- ``screen``: the pattern screen that runs on every turn before the reply
  (``services.safety_screen.screen``), with its latency;
- ``screen+classifier``: what the agent acts on when an LLM is configured
  (``services.safety_classifier``): the classifier confirms what the screen
  flags and re-checks what it passed. Only with ``--classifier-base-url``.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from services.safety_screen import screen

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


def run_screen(items: list[Item]) -> tuple[dict[str, bool], dict[str, str | None], list[float]]:
    predicted: dict[str, bool] = {}
    rules: dict[str, str | None] = {}
    timings: list[float] = []
    for _ in range(3):  # repeat for stable timings; results are identical each pass
        for item in items:
            started = time.perf_counter()
            result = screen(item.text)
            timings.append((time.perf_counter() - started) * 1000)
            predicted[item.text] = result.flagged
            rules[item.text] = result.rule
    return predicted, rules, timings


async def run_classifier(items: list[Item], screened: dict[str, bool], base_url: str, model: str) -> dict[str, bool]:
    import openai

    from services.safety_classifier import SafetyClassifier

    client = openai.AsyncOpenAI(base_url=base_url, api_key="not-needed")
    classifier = SafetyClassifier(client, model)
    predicted: dict[str, bool] = {}
    try:
        for item in items:
            verdict = await classifier.classify(item.text, screen_flagged=screened[item.text])
            predicted[item.text] = verdict.category is not None
    finally:
        await client.close()
    return predicted


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--classifier-base-url", default=None)
    parser.add_argument("--classifier-model", default="gpt-4.1-mini")
    args = parser.parse_args(argv)

    items = load_items(args.dataset)
    predicted, rules, timings = run_screen(items)
    stages: dict[str, Any] = {"screen": rates(items, predicted)}
    stages["screen"]["latency_ms"] = {
        "p50": round(statistics.median(timings), 4),
        "p95": round(percentile(timings, 0.95), 4),
        "max": round(max(timings), 4),
    }
    final = predicted
    if args.classifier_base_url:
        final = asyncio.run(run_classifier(items, predicted, args.classifier_base_url, args.classifier_model))
        stages["screen+classifier"] = rates(items, final)

    command = "python -m bench.safety " + shlex.join(sys.argv[1:] if argv is None else argv)
    summary = {"command": command.strip(), "dataset": args.dataset.name, "items_total": len(items), "stages": stages}
    print(json.dumps(summary, indent=2, ensure_ascii=False))
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
