"""LLM memory extraction over an OpenAI-compatible API, combined with the rules.

``LLMExtractor`` asks the model for JSON that follows a strict JSON schema
(``response_format={"type": "json_schema", ...}``) and validates every item
itself: a model can ignore the schema, so nothing it returns is trusted.

``HybridExtractor`` is what the memory service uses: the rule-based
extractor always runs; the LLM runs alongside when configured, and on any
failure (timeout, HTTP error, invalid JSON, schema violation) the failure is
logged and counted and the rule result stands.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from datetime import UTC, datetime
from typing import Any, Literal

from core.errors import LLMError, ValidationError
from core.models import MemoryKind
from core.validators import repair_text
from services.memory_extraction import (
    ExtractedMemory,
    Extraction,
    RuleBasedExtractor,
    merge_extractions,
)

logger = logging.getLogger(__name__)

MAX_CONTENT_CHARS = 500
MAX_KEY_CHARS = 100
# The model sees at most this much of one utterance; extraction cost grows with it
# and the rules still cover the whole text.
MAX_PROMPT_CHARS = 8_000

EXTRACTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["memories", "forget"],
    "properties": {
        "memories": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["kind", "key", "content", "importance", "occurred_at"],
                "properties": {
                    "kind": {"type": "string", "enum": [k.value for k in MemoryKind]},
                    "key": {"type": ["string", "null"]},
                    "content": {"type": "string"},
                    "importance": {"type": "number"},
                    "occurred_at": {"type": ["string", "null"]},
                },
            },
        },
        "forget": {"type": "array", "items": {"type": "string"}},
    },
}

SYSTEM_PROMPT = """You extract long-term memories about the user from one thing they said.
Return JSON only, matching the schema. Rules:
- Only durable, user-specific information: identity, contact details, where they live,
  work, relationships (with names), likes/dislikes, goals, plans and dated events,
  routines. Nothing from questions, small talk or what the assistant said.
- content: one short sentence in the third person starting with "User" (e.g.
  "User's sister is named Sara."). Keep exact values (numbers, names, places).
- key: a stable slot label so later statements can update it, or null:
  name, email, phone, location, job, relationship:<relation> (e.g. relationship:sister),
  likes:<thing> (for likes AND dislikes of that thing), goal:<short goal>, event:<noun>.
- importance: 0..1 (identity/contact/health 0.8-0.9, preferences 0.6, trivia 0.3).
- occurred_at: ISO 8601 date for events, resolved against the current time given; else null.
- forget: descriptions of anything the user asks to forget or delete ("my phone number").
Return {"memories": [], "forget": []} when there is nothing."""


def _parse_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())  # 3.11+ accepts a trailing "Z"
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_extraction_json(raw: str | None) -> Extraction:
    """Validate a model reply against the extraction schema, item by item.

    Raises LLMError when the reply is not JSON or not the expected object;
    individual malformed items are dropped (one bad item should not discard
    the good ones).
    """
    if not raw:
        raise LLMError("the model returned no content")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise LLMError(f"the model returned invalid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("memories", []), list):
        raise LLMError("the model's JSON does not match the extraction schema")
    result = Extraction()
    for item in data.get("memories", []):
        memory = _memory_from_item(item)
        if memory is not None:
            result.memories.append(memory)
    forget = data.get("forget", [])
    if isinstance(forget, list):
        result.forget_requests = [repair_text(f).strip() for f in forget if isinstance(f, str) and f.strip()][:10]
    return result


def _memory_from_item(item: Any) -> ExtractedMemory | None:
    if not isinstance(item, dict):
        return None
    content = item.get("content")
    if not isinstance(content, str) or not content.strip() or "\x00" in content:
        return None
    # JSON escapes in the model's reply can decode to lone surrogates; the
    # memory is kept with them repaired (core.validators.repair_text).
    content = repair_text(content)
    try:
        kind = MemoryKind.parse(item.get("kind", "fact"))
    except ValidationError:
        return None
    key = item.get("key")
    key = repair_text(key).strip().lower()[:MAX_KEY_CHARS] if isinstance(key, str) and key.strip() and "\x00" not in key else None
    importance = item.get("importance", 0.5)
    if isinstance(importance, bool) or not isinstance(importance, (int, float)):
        importance = 0.5
    return ExtractedMemory(
        kind=kind,
        content=content.strip()[:MAX_CONTENT_CHARS],
        key=key,
        importance=min(max(float(importance), 0.0), 1.0),
        occurred_at=_parse_datetime(item.get("occurred_at")),
        metadata={"extractor": "llm"},
    )


StructuredOutput = Literal["json_schema", "json_object"]


class ExtractionTimeoutError(LLMError):
    """The model did not answer within the extractor's timeout (counted apart
    from other failures: on a CPU model it says the timeout is too short)."""


def _bounded(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with length limits, for grammar-constrained decoding: a small
    model can otherwise keep writing inside one string or array until its
    token limit cuts the JSON off. (OpenAI's strict mode is left the plain
    schema; parse_extraction_json caps lengths afterwards either way.)"""
    bounded = json.loads(json.dumps(schema))
    memories = bounded["properties"]["memories"]
    memories["maxItems"] = 3
    fields = memories["items"]["properties"]
    fields["content"]["maxLength"] = 120
    fields["key"]["maxLength"] = 40
    fields["occurred_at"]["maxLength"] = 25
    forget = bounded["properties"]["forget"]
    forget["maxItems"] = 2
    forget["items"]["maxLength"] = 80
    return bounded


BOUNDED_EXTRACTION_SCHEMA = _bounded(EXTRACTION_SCHEMA)


def response_format_for(style: StructuredOutput) -> dict[str, Any]:
    """How to ask for schema-constrained JSON. OpenAI takes ``json_schema``;
    llama-cpp-python's server takes ``json_object`` with a ``schema`` and turns
    it into a grammar, so the model cannot produce anything else."""
    if style == "json_object":
        return {"type": "json_object", "schema": BOUNDED_EXTRACTION_SCHEMA}
    return {
        "type": "json_schema",
        "json_schema": {"name": "memory_extraction", "strict": True, "schema": EXTRACTION_SCHEMA},
    }


class LLMExtractor:
    """Structured-output extraction through an ``openai.AsyncOpenAI`` client."""

    def __init__(
        self,
        client: Any,
        model: str,
        *,
        timeout_s: float = 10.0,
        structured_output: StructuredOutput = "json_schema",
        max_tokens: int = 400,
    ) -> None:
        self.client = client
        self.model = model
        self.timeout_s = timeout_s
        self.structured_output = structured_output
        # A runaway generation (a model looping inside the JSON array) is cut
        # here; the cut-off JSON then fails validation and the rules stand.
        self.max_tokens = max_tokens

    async def extract(self, text: str, *, now: datetime | None = None) -> Extraction:
        """Ask the model; raises LLMError on any failure."""
        now = now or datetime.now(UTC)
        user_prompt = f"Current time: {now.isoformat()}\nThe user said:\n{text[:MAX_PROMPT_CHARS]}"
        try:
            response = await asyncio.wait_for(
                self.client.chat.completions.create(
                    model=self.model,
                    messages=[
                        {"role": "system", "content": SYSTEM_PROMPT},
                        {"role": "user", "content": user_prompt},
                    ],
                    response_format=response_format_for(self.structured_output),
                    temperature=0,
                    max_tokens=self.max_tokens,
                    timeout=self.timeout_s,
                ),
                timeout=self.timeout_s + 1.0,
            )
        except TimeoutError:
            raise ExtractionTimeoutError(f"memory extraction timed out after {self.timeout_s:.1f}s") from None
        except LLMError:
            raise
        except Exception as exc:  # any client/transport failure: the rules still stand
            if type(exc).__name__ == "APITimeoutError":  # the client's own timeout (openai)
                raise ExtractionTimeoutError(f"memory extraction timed out after {self.timeout_s:.1f}s") from exc
            raise LLMError(f"memory extraction request failed: {type(exc).__name__}: {exc}") from exc
        try:
            raw = response.choices[0].message.content
        except (AttributeError, IndexError, TypeError):
            raise LLMError("the model response has no message content") from None
        return parse_extraction_json(raw)


_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


def only_questions(text: str) -> bool:
    """Every sentence is a question ("Do you remember where I live?"). Such a
    turn states nothing to store, and a small model asked to extract from it
    invents an answer (seen: "User lives in New York City"), which would then
    supersede the true memory."""
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    return bool(sentences) and all(s.endswith("?") for s in sentences)


class HybridExtractor:
    """Rules always, the LLM too when configured; results merged."""

    def __init__(
        self,
        rules: RuleBasedExtractor | None = None,
        llm: LLMExtractor | None = None,
        *,
        llm_min_chars: int = 12,
    ) -> None:
        self.rules = rules or RuleBasedExtractor()
        self.llm = llm
        # "ok", "yes thanks": nothing to learn, not worth a model call.
        self.llm_min_chars = llm_min_chars
        self._counters = {
            "calls": 0,
            "rule_memories": 0,
            "llm_calls": 0,
            "llm_memories": 0,
            "llm_failures": 0,
            "llm_timeouts": 0,  # among the failures
            "llm_skipped_short": 0,
            "llm_skipped_questions": 0,
        }
        self._llm_ms_total = 0.0

    async def extract(
        self, text: str, *, now: datetime | None = None, only: Literal["rules", "llm"] | None = None
    ) -> Extraction:
        """Extract from one utterance; never raises for LLM trouble. ``only``
        runs one of the two (a caller may learn by rules at once and by the
        LLM later, when the model is free)."""
        self._counters["calls"] += 1
        if only == "llm":
            if self.llm is None:
                return Extraction()
            if len(text.strip()) < self.llm_min_chars:  # as below: "Thanks!" is not worth a call
                self._counters["llm_skipped_short"] += 1
                return Extraction()
            return await self._llm_extract(text, now) or Extraction()
        # The regexes are linear but a 100 KB turn still costs ~0.1-0.5 s of CPU:
        # keep that off the event loop.
        rules_task = asyncio.to_thread(self.rules.extract, text, now=now)
        if only == "rules" or self.llm is None or len(text.strip()) < self.llm_min_chars:
            if self.llm is not None and only != "rules":
                self._counters["llm_skipped_short"] += 1
            rules = await rules_task
            self._counters["rule_memories"] += len(rules.memories)
            return rules
        rules, llm = await asyncio.gather(rules_task, self._llm_extract(text, now))
        self._counters["rule_memories"] += len(rules.memories)
        return merge_extractions(rules, llm)

    async def _llm_extract(self, text: str, now: datetime | None) -> Extraction | None:
        assert self.llm is not None
        if only_questions(text):
            self._counters["llm_skipped_questions"] += 1
            return None
        self._counters["llm_calls"] += 1
        started = time.perf_counter()
        try:
            found = await self.llm.extract(text, now=now)
        except LLMError as exc:
            self._counters["llm_failures"] += 1
            self._counters["llm_timeouts"] += isinstance(exc, ExtractionTimeoutError)
            logger.warning("LLM memory extraction failed; using rule-based results only: %s", exc)
            return None
        finally:
            self._llm_ms_total += (time.perf_counter() - started) * 1000
        self._counters["llm_memories"] += len(found.memories)
        return found

    def stats(self) -> dict[str, Any]:
        """Counters: calls, memories found by each extractor, LLM failures
        (timeouts among them) and mean latency."""
        calls = self._counters["llm_calls"]
        return {
            **self._counters,
            "llm_enabled": self.llm is not None,
            "llm_mean_ms": round(self._llm_ms_total / calls, 2) if calls else None,
        }
