"""The LLM stage of safety screening: a short structured call that judges one turn.

Used where an LLM is configured (the cloud model, or the local one in local
mode): it re-checks turns the pattern screen passed, in the background, and
can confirm what the screen flagged. The answer is constrained by a JSON
schema, so it parses the same way from any OpenAI-compatible server.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any

from core.errors import LLMError
from services.memory_llm_extractor import StructuredOutput
from services.safety_screen import CrisisCategory

MAX_PROMPT_CHARS = 2_000

SYSTEM_PROMPT = (
    "You screen one message a person said to a voice companion for a crisis happening to them or "
    "caused by them NOW: self_harm (suicidal intent, wanting to die, self-harm, including indirect "
    "signs such as feeling others would be better off without them or saying goodbye), "
    "harm_to_others (intent to hurt someone), abuse_danger (being hurt, threatened, stalked or unsafe), "
    "medical_emergency (an emergency happening now). Figures of speech ('this traffic is killing me', "
    "'dying to see it'), sadness, grief, anger, past illness and talk about these subjects are 'none'. "
    "The message may be English, Urdu or romanised Urdu. Answer with the JSON schema only."
)
CLASSIFICATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "category": {"type": "string", "enum": ["none", *[c.value for c in CrisisCategory]]},
        "confidence": {"type": "number"},
    },
    "required": ["category", "confidence"],
    "additionalProperties": False,
}


@dataclass(frozen=True, slots=True)
class Verdict:
    category: CrisisCategory | None
    confidence: float


class SafetyClassifier:
    """One structured chat completion per turn through an ``openai.AsyncOpenAI`` client."""

    def __init__(
        self, client: Any, model: str, *, timeout_s: float = 8.0, structured_output: StructuredOutput = "json_schema"
    ) -> None:
        self.client = client
        self.model = model
        self.timeout_s = timeout_s
        # OpenAI takes ``json_schema``; llama-cpp-python's server (local mode)
        # refuses it and takes ``json_object`` with the schema as a grammar.
        self.response_format: dict[str, Any] = (
            {"type": "json_object", "schema": CLASSIFICATION_SCHEMA}
            if structured_output == "json_object"
            else {"type": "json_schema", "json_schema": {"name": "safety_screen", "strict": True, "schema": CLASSIFICATION_SCHEMA}}
        )

    async def classify(self, text: str, *, screen_flagged: bool) -> Verdict:
        """The model's verdict; raises LLMError when there is none."""
        hint = "A keyword screen flagged this message." if screen_flagged else ""
        try:
            response = await asyncio.wait_for(
                self.client.chat.completions.create(
                    model=self.model,
                    messages=[
                        {"role": "system", "content": SYSTEM_PROMPT},
                        {"role": "user", "content": f"{hint}\nMessage:\n{text[:MAX_PROMPT_CHARS]}".strip()},
                    ],
                    response_format=self.response_format,
                    temperature=0,
                    max_tokens=40,
                    timeout=self.timeout_s,
                ),
                timeout=self.timeout_s + 1.0,
            )
            raw = json.loads(response.choices[0].message.content or "")
            name = str(raw["category"])
            confidence = min(1.0, max(0.0, float(raw.get("confidence", 0.5))))
        except TimeoutError:
            raise LLMError(f"safety classification timed out after {self.timeout_s:.1f}s") from None
        except Exception as exc:
            raise LLMError(f"safety classification failed: {type(exc).__name__}: {exc}") from exc
        if name == "none":
            return Verdict(None, confidence)
        try:
            return Verdict(CrisisCategory(name), confidence)
        except ValueError:
            raise LLMError(f"safety classification answered an unknown category {name!r}") from None
