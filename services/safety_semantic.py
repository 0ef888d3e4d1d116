"""The semantic stage of safety screening: a linear model over the turn's embedding.

The pattern screen (``safety_screen``) knows the wordings it was written for;
someone else's wording of the same crisis ("I won't be needing these chats
after tonight") slips past it. This stage reads the sentence embedding recall
computes for every user turn anyway (``RecallResult.message_vector``), so it
costs one 5 x 384 product and a softmax (microseconds) and never embeds twice.

The model is multinomial logistic regression over five classes (no crisis and
the four ``CrisisCategory`` values), fitted offline by
``python -m scripts.fit_safety_semantic`` on labelled sentences kept in data
files, one weights file per embedding model in ``services/data/safety_semantic/``
(vectors of different models are not comparable). No weights for the configured
model (an API embedding, say): the stage is off and the patterns work alone.

It only adds: a turn is flagged when the crisis probability reaches the
threshold chosen at fit time (cross-validated, for a low false-positive rate),
and never when the pattern screen recognised a figure of speech, talk about
the subject or a benign context in it ("this traffic is killing me"), nor a
crisis it found negated ("I'd never hurt myself"), nor a medical emergency in
talk about the past.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from services.embedding_service import model_file_name
from services.safety_screen import CrisisCategory, ScreenResult

logger = logging.getLogger(__name__)

WEIGHTS_DIR = Path(__file__).parent / "data" / "safety_semantic"
NO_CRISIS = "none"


@dataclass(frozen=True, slots=True)
class SemanticVerdict:
    category: CrisisCategory | None
    probability: float  # of any crisis (1 - P(none))

    @property
    def flagged(self) -> bool:
        return self.category is not None


class SemanticScreen:
    """Scores one L2-normalised turn vector of the model it was fitted for."""

    def __init__(
        self, model_name: str, classes: list[str], weights: np.ndarray, bias: np.ndarray, threshold: float
    ) -> None:
        if classes[0] != NO_CRISIS or weights.shape != (len(classes), weights.shape[1]) or bias.shape != (len(classes),):
            raise ValueError("semantic safety weights: classes must start with 'none' and match the weights")
        self.model_name = model_name
        self.categories = [CrisisCategory(name) for name in classes[1:]]
        self.weights = np.ascontiguousarray(weights, dtype=np.float32)
        self.bias = bias.astype(np.float32)
        self.threshold = float(threshold)
        self.dimensions = int(weights.shape[1])

    def probabilities(self, vector: np.ndarray) -> np.ndarray:
        logits = self.weights @ np.asarray(vector, dtype=np.float32) + self.bias
        logits -= logits.max()
        exp = np.exp(logits)
        return exp / exp.sum()

    def score(self, vector: np.ndarray, screened: ScreenResult | None = None) -> SemanticVerdict:
        """The verdict for a turn's vector; ``screened`` is the pattern screen's
        result for the same turn (its figures of speech and history veto)."""
        if vector is None or np.shape(vector) != (self.dimensions,):
            return SemanticVerdict(None, 0.0)
        return verdict_of(self.probabilities(vector), self.categories, self.threshold, screened)

    def to_json(self, **about: object) -> str:
        return json.dumps(
            {
                "model": self.model_name,
                "classes": [NO_CRISIS, *(c.value for c in self.categories)],
                "threshold": round(self.threshold, 4),
                **about,
                "bias": [round(float(b), 5) for b in self.bias],
                "weights": [[round(float(w), 5) for w in row] for row in self.weights],
            },
            ensure_ascii=False,
        )


def verdict_of(
    probabilities: np.ndarray, categories: list[CrisisCategory], threshold: float, screened: ScreenResult | None
) -> SemanticVerdict:
    """A meaning stage's verdict from its class probabilities (``none`` first):
    a crisis at or over ``threshold``, in its most likely category, unless the
    pattern screen's result for the same turn explains it away (a figure of
    speech, talk about the subject, a negation, medical history for a
    medical emergency, or self-harm told as a past that is over)."""
    crisis = float(1.0 - probabilities[0])
    if crisis < threshold:
        return SemanticVerdict(None, crisis)
    category = categories[int(np.argmax(probabilities[1:]))]
    if screened is not None and (
        screened.figurative
        or screened.negated
        or (screened.medical_history and category is CrisisCategory.MEDICAL_EMERGENCY)
        or (screened.past_self_harm and category is CrisisCategory.SELF_HARM)
    ):
        return SemanticVerdict(None, crisis)
    return SemanticVerdict(category, crisis)


def weights_path(model_name: str) -> Path:
    """Where the weights for an embedding model live (its name, path separators folded)."""
    return WEIGHTS_DIR / model_file_name(model_name)


def load_semantic_screen(model_name: str, path: Path | None = None) -> SemanticScreen | None:
    """The fitted stage for ``model_name``, or None when there is none (the stage is then off)."""
    path = path or weights_path(model_name)
    if not path.is_file():
        logger.info("no semantic safety weights for embedding model %s: pattern screen only", model_name)
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    return SemanticScreen(
        str(raw["model"]),
        [str(c) for c in raw["classes"]],
        np.asarray(raw["weights"], dtype=np.float32),
        np.asarray(raw["bias"], dtype=np.float32),
        float(raw["threshold"]),
    )
