"""Fitting the semantic safety stage (services.safety_semantic_fit): what it trains on, and that it converges."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from services.safety_semantic_fit import (
    CLASSES,
    DEFAULT_TRAIN,
    MEASUREMENT_SETS,
    crisis_probability,
    fit,
    load_rows,
)


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_no_measurement_set_is_trained_on() -> None:
    assert not {p.resolve() for p in DEFAULT_TRAIN} & {p.resolve() for p in MEASUREMENT_SETS}
    with pytest.raises(SystemExit):
        load_rows([MEASUREMENT_SETS[0]], held_out=MEASUREMENT_SETS)


def test_a_training_sentence_in_a_measurement_set_is_left_out(tmp_path: Path) -> None:
    held = write(tmp_path / "held.jsonl", [{"text": "I can't go on, tonight is the night.", "label": 1, "category": "self_harm"}])
    train = write(tmp_path / "train.jsonl", [
        {"text": "i cant go on -- tonight is the night", "label": 1, "category": "self_harm"},  # same words
        {"text": "This traffic is killing me.", "label": 0, "category": "none"},
        {"text": "this traffic is killing me", "label": 1, "category": "self_harm"},  # a repeat: first label wins
    ])
    rows = load_rows([train], held_out=[held])
    assert [(r["text"], r["label"]) for r in rows] == [("This traffic is killing me.", 0)]


def test_the_fit_converges_on_separable_classes() -> None:
    rng = np.random.default_rng(3)
    centres = rng.normal(size=(len(CLASSES), 16)) * 3
    y = np.repeat(np.arange(len(CLASSES)), 40)
    x = centres[y] + rng.normal(size=(len(y), 16))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    w, b = fit(x, y, penalty=1e-5)
    predicted = np.argmax(x @ w.T + b, axis=1)
    assert (predicted == y).mean() > 0.97
    crisis = crisis_probability(x, w, b)
    assert crisis[y > 0].min() > crisis[y == 0].max() - 0.5  # the crisis side scores high
    assert crisis[y == 0].mean() < 0.1 < 0.9 < crisis[y > 0].mean()


def test_the_model_trains_on_read_holdouts_but_never_on_a_measurement_set() -> None:
    from services.safety_model import weights_files
    from services.safety_semantic_fit import READ_HOLDOUTS

    assert READ_HOLDOUTS and not {p.resolve() for p in READ_HOLDOUTS} & {p.resolve() for p in MEASUREMENT_SETS}
    shipped = json.loads(weights_files()[1].read_text(encoding="utf-8"))
    trained = {Path(p).name for p in shipped["trained_on"]}
    assert not trained & {p.name for p in MEASUREMENT_SETS}
