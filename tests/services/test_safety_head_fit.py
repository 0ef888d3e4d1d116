"""The head-only re-fit of the safety model: on the real MiniLM with the shipped
adapters, it keeps the adapters, trains only the head, chooses its settings on
sentences no part of the replaced model saw, within that model's own false-positive
rate, and what it saves is what the product loads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from services.safety_head_fit import (
    crisis_probability,
    fit_head,
    main as head_fit_main,
    model_alone_fpr,
    spoken_form,
    trained_on_files,
    with_spoken_copies,
)
from services.safety_model import WEIGHTS_DIR, _load, load_adapted_encoder, weights_files
from services.safety_model_fit import sentence_vectors, stratified_split
from services.safety_semantic_fit import class_of, load_rows

CRISES = [
    ("I have decided tonight is my last night on this earth", "self_harm"),
    ("I wrote goodbye letters to everyone and I'm done after today", "self_harm"),
    ("nobody would even notice if I disappeared for good", "self_harm"),
    ("I'm going to make him pay, I know where he parks his car at night", "harm_to_others"),
    ("he locked me in the flat again and took my phone", "abuse_danger"),
    ("my dad just collapsed and he isn't breathing", "medical_emergency"),
    ("my chest is crushing and my left arm is numb", "medical_emergency"),
    ("she says if I leave he'll find me, he's outside now", "abuse_danger"),
]
ORDINARY = [
    "we had a lovely walk by the river and then lunch with my sister",
    "this traffic is killing me, forty minutes for two miles",
    "I'm dying to see that film on Friday",
    "the exam went badly and I'm gutted, I'll retake it in June",
    "my back aches after the long shift, I took a paracetamol",
    "bye, take care of yourself, talk tomorrow",
    "the kids painted the fence and got more paint on themselves",
    "grandma's funeral was last month and I still miss her, but we're coping",
    "my brother will murder me when he sees his car lol",
    "I made biryani for twelve people and there is none left",
]


def rows(crises: list[tuple[str, str]], ordinary: list[str]) -> list[dict[str, object]]:
    return [{"text": t, "label": 1, "category": c, "lang": "en"} for t, c in crises] + [
        {"text": t, "label": 0, "category": "none", "lang": "en"} for t in ordinary
    ]


def write(path: Path, items: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


def test_the_head_learns_from_its_start_and_weighs_each_side_half() -> None:
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(60, 8)).astype(np.float32)
    labels = np.array([0] * 50 + [1] * 5 + [2] * 5)
    vectors[labels > 0, 0] += 3.0  # the crises lie along the first axis
    weight, bias = np.zeros((3, 8), dtype=np.float32), np.zeros(3, dtype=np.float32)
    same_weight, same_bias = fit_head(vectors, labels, weight, bias, steps=0)
    assert np.array_equal(same_weight, weight) and np.array_equal(same_bias, bias)
    fitted_weight, fitted_bias = fit_head(vectors, labels, weight, bias, steps=200)
    probability = crisis_probability(vectors, fitted_weight, fitted_bias)
    # Ten crises against fifty ordinary rows: with each side weighing half, the crises
    # are not simply outvoted.
    assert probability[labels > 0].mean() > 0.7 > 0.3 > probability[labels == 0].mean()
    # How many rows a side has does not change its weight: the ordinary rows three
    # times over give the same head.
    ordinary = labels == 0
    more = np.concatenate([vectors, vectors[ordinary], vectors[ordinary]])
    more_labels = np.concatenate([labels, labels[ordinary], labels[ordinary]])
    again_weight, again_bias = fit_head(more, more_labels, weight, bias, steps=200)
    assert np.allclose(crisis_probability(vectors, again_weight, again_bias), probability, atol=1e-4)


def test_the_spoken_form_drops_case_and_punctuation_in_both_scripts() -> None:
    assert spoken_form("So about my sister, where does she live?") == "so about my sister where does she live"
    assert spoken_form("آپ کہاں رہتی ہیں؟ بتائیں۔") == "آپ کہاں رہتی ہیں بتائیں"
    assert spoken_form("I'm done. Bye!") == "i'm done bye"
    assert spoken_form("?!") == ""


def test_spoken_copies_are_added_only_where_the_form_differs() -> None:
    encoder, tokenizer, _, _ = load_adapted_encoder(WEIGHTS_DIR)
    texts = ["Where does he work?", "where does he work", "I want to die."]
    labels = np.array([0, 0, 1])
    vectors = sentence_vectors(encoder, tokenizer, texts)
    both, both_labels, copies = with_spoken_copies(texts, vectors, labels, encoder, tokenizer)
    assert copies == 2 and both.shape == (5, vectors.shape[1])
    assert both_labels.tolist() == [0, 0, 1, 0, 1]
    # The copy of the first sentence is the second sentence's own vector.
    assert np.allclose(both[3], vectors[1], atol=1e-5)


def test_a_head_refit_keeps_the_adapters_and_sets_its_threshold_on_sentences_nothing_saw(tmp_path: Path) -> None:
    source = tmp_path / "current"
    source.mkdir()
    for path in weights_files(WEIGHTS_DIR):
        shutil.copy(path, source / path.name)
    old = write(tmp_path / "old_set.jsonl", rows(CRISES[:2], ORDINARY[:2]))
    new = write(tmp_path / "new_set.jsonl", rows(CRISES[2:], ORDINARY[2:]))
    measured = write(tmp_path / "measured.jsonl", rows([], [ORDINARY[-1]]))
    settings_path = weights_files(source)[1]
    about = json.loads(settings_path.read_text(encoding="utf-8"))
    about["trained_on"] = [*about["trained_on"], "old_set.jsonl"]
    settings_path.write_text(json.dumps(about), encoding="utf-8")

    out = tmp_path / "refit"
    assert head_fit_main(["--from", str(source), "--out", str(out), "--train", str(old), str(new),
                          "--measure", str(measured), "--held-back", "0.5", "--steps", "30"]) == 0

    refit = json.loads(weights_files(out)[1].read_text(encoding="utf-8"))
    with np.load(weights_files(source)[0]) as before, np.load(weights_files(out)[0]) as after:
        assert sorted(before.files) == sorted(after.files)
        adapters = [key for key in before.files if not key.startswith("head.")]
        assert adapters and all(np.array_equal(before[key], after[key]) for key in adapters)
        assert not np.allclose(before["head.weight"], after["head.weight"])
        head_weight, head_bias = after["head.weight"], after["head.bias"]
    record = refit["head_refit"]
    # Settings come only from the set the current model never trained on, and the
    # measurement set's sentence is in neither the training nor the settings.
    assert record["settings_chosen_on"] == ["new_set.jsonl"]
    assert record["trained_on_sentences"] + record["chosen_on_held_back"]["held_back_sentences"] <= 17
    # Training sentences were also read as speech-to-text gives them (the fixtures are all punctuated
    # or capitalised somewhere, save a few): never more copies than sentences trained.
    assert 0 < record["spoken_copies"] <= record["trained_on_sentences"]
    assert record["replaced"]["threshold"] == about["threshold"]
    assert refit["threshold"] == record["chosen_on_held_back"]["threshold"] >= 0.5
    assert "new_set.jsonl" in trained_on_files(refit) and "old_set.jsonl" in trained_on_files(refit)

    # What the product loads is what was fitted: the same encoder, the new head.
    loaded = _load(out)
    assert loaded is not None and loaded.config.threshold == refit["threshold"]
    encoder, tokenizer, _, _ = load_adapted_encoder(source)
    texts = [text for text, _ in CRISES] + ORDINARY
    expected = crisis_probability(sentence_vectors(encoder, tokenizer, texts), head_weight, head_bias)
    assert np.allclose(1.0 - loaded.probabilities(texts)[:, 0], expected, atol=1e-4)
    # On the held-back sentences of the new set, where the screen is silent, it flags
    # no more ordinary sentences than the model it replaces did there.
    training = load_rows([old, new], held_out=[measured])
    assert ORDINARY[-1] not in {row["text"] for row in training}
    labels = np.array([class_of(row) for row in training])
    judged = stratified_split(labels, 0.5) & np.array([row["source"] == "new_set.jsonl" for row in training])
    judged_texts = [str(row["text"]) for row, keep in zip(training, judged, strict=True) if keep]
    vectors = sentence_vectors(encoder, tokenizer, judged_texts)
    with np.load(weights_files(source)[0]) as before:
        replaced = crisis_probability(vectors, before["head.weight"], before["head.bias"])
    assert model_alone_fpr(judged_texts, labels[judged], replaced, about["threshold"]) == pytest.approx(
        record["replaced"]["model_alone_fpr"], abs=1e-4)
    assert model_alone_fpr(judged_texts, labels[judged], crisis_probability(vectors, head_weight, head_bias),
                           refit["threshold"]) <= record["replaced"]["model_alone_fpr"] + 1e-9

    # Once every set is one the model trained on, there is nothing to choose settings on.
    with pytest.raises(SystemExit, match="write new sets first"):
        head_fit_main(["--from", str(out), "--out", str(tmp_path / "again"), "--train", str(old), str(new),
                       "--measure", str(measured), "--held-back", "0.5", "--steps", "1"])
