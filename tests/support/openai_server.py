"""A local OpenAI-compatible HTTP server for tests.

It speaks the same wire protocol as api.openai.com for the endpoints the
project uses, so the real ``openai`` client and ``livekit.plugins.openai``
talk to it unchanged:

- ``POST /v1/chat/completions``: streaming (SSE ``chat.completion.chunk``
  lines, text split over several chunks, tool calls streamed in pieces, a
  usage chunk when ``stream_options.include_usage``, ``data: [DONE]``) and
  non-streaming; ``response_format`` json_object / json_schema.
- ``POST /v1/embeddings``: deterministic unit vectors, float or base64.
- ``POST /v1/audio/speech``: a real tone (or real speech from a ``synthesize``
  function, e.g. espeak-ng) encoded as mp3/wav/pcm/flac/opus/aac, as raw bytes
  or as an SSE ``speech.audio.delta`` stream.
- ``POST /v1/audio/transcriptions``: scripted text, or what a ``recognize``
  function (e.g. pocketsphinx) hears in the uploaded audio file.
- ``GET /v1/models``.

What the chat model says is decided per request by a reply policy: first the
queue of scripted replies (``enqueue``), then rules (``add_rule``) in the
order they were added, then a deterministic echo. Every request is recorded
in ``server.requests`` so tests can assert exactly what the model was sent.

In-process use::

    async with OpenAIStandIn() as server:
        server.add_rule("interview", [ToolCall("remember", {"text": "..."})])
        server.add_rule(last_message_is_tool_result, "Noted.")
        client = openai.AsyncOpenAI(base_url=server.base_url, api_key="test")

Standalone (e.g. for ``agent.py console --text``)::

    python -m tests.support.openai_server --port 8089 --script replies.json

The script file is JSON; see ``load_script`` for its shape.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import io
import json
import math
import re
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self, cast

import av
from aiohttp import web
from av.audio.stream import AudioStream

# --------------------------------------------------------------------------
# Reply vocabulary
# --------------------------------------------------------------------------


@dataclass
class ToolCall:
    """A function call the scripted model makes. ``arguments`` is a dict (sent
    as JSON) or an already-encoded JSON string (to test malformed arguments)."""

    name: str
    arguments: dict[str, Any] | str = field(default_factory=dict)
    id: str | None = None

    def arguments_json(self) -> str:
        if isinstance(self.arguments, str):
            return self.arguments
        return json.dumps(self.arguments)


@dataclass
class Reply:
    """A full assistant reply: optional text followed by optional tool calls."""

    text: str | None = None
    tool_calls: list[ToolCall] = field(default_factory=list)


@dataclass
class JsonReply:
    """Content that is the JSON encoding of ``value`` (for response_format
    requests such as memory extraction)."""

    value: Any


@dataclass
class ErrorReply:
    """Answer the request with an OpenAI-style error body and HTTP status."""

    status: int = 500
    message: str = "scripted failure"


ReplySpec = (
    str
    | Reply
    | JsonReply
    | ErrorReply
    | ToolCall
    | Sequence[ToolCall]
    | dict
    | Callable[[dict], Any]
)
Matcher = Callable[[dict], bool]


@dataclass
class Rule:
    """One rule-based responder; ``hits`` counts how often it answered."""

    match: Matcher
    reply: ReplySpec
    times: int | None = None
    hits: int = 0

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any  # parsed JSON, a dict of form fields, or None
    received_at: float
    files: dict[str, bytes] = field(default_factory=dict)  # uploaded form files


# --------------------------------------------------------------------------
# Helpers for reading chat requests (useful in rules and in test asserts)
# --------------------------------------------------------------------------


def message_text(message: dict) -> str:
    """The text of a chat message whose content is a string or a list of parts."""
    content = message.get("content")
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    parts = []
    for part in content:
        if isinstance(part, dict) and part.get("type") in ("text", "input_text"):
            parts.append(part.get("text", ""))
        elif isinstance(part, str):
            parts.append(part)
    return "\n".join(parts)


def last_user_text(request: dict) -> str:
    """Text of the most recent user message ('' if none)."""
    for message in reversed(request.get("messages", [])):
        if message.get("role") == "user":
            return message_text(message)
    return ""


def awaiting_answer_to_user(request: dict) -> bool:
    """True while the model has not yet acted on the latest user message: no
    assistant message or tool result follows it. Substring rules only fire
    then; otherwise a rule that calls a tool would fire again on the
    follow-up request that carries the tool result, and loop forever."""
    for message in reversed(request.get("messages", [])):
        role = message.get("role")
        if role == "user":
            return True
        if role in ("assistant", "tool"):
            return False
    return False


def last_message_is_tool_result(request: dict) -> bool:
    """True when the request's final message is a tool result."""
    messages = request.get("messages", [])
    return bool(messages) and messages[-1].get("role") == "tool"


def tool_results(request: dict) -> list[str]:
    """Contents of the trailing tool-result messages, oldest first."""
    results: list[str] = []
    for message in reversed(request.get("messages", [])):
        if message.get("role") != "tool":
            break
        results.append(message_text(message))
    return list(reversed(results))


def tool_names(request: dict) -> list[str]:
    """Names of the function tools offered in a chat request."""
    names = []
    for tool in request.get("tools") or []:
        function = tool.get("function") or {}
        if function.get("name"):
            names.append(function["name"])
    return names


def last_user_contains(substring: str) -> Matcher:
    """Matcher: the latest user message (not yet answered) contains
    ``substring``, case-insensitively."""
    needle = substring.lower()

    def match(request: dict) -> bool:
        return (
            awaiting_answer_to_user(request)
            and needle in last_user_text(request).lower()
        )

    return match


def wants_json(request: dict) -> bool:
    """True for requests with a json_object/json_schema response_format."""
    fmt = request.get("response_format") or {}
    return isinstance(fmt, dict) and fmt.get("type") in ("json_object", "json_schema")


def minimal_instance(schema: dict, _depth: int = 0) -> Any:
    """A small value that satisfies a JSON schema (required keys, minimal
    values): the default answer to structured-output requests."""
    if _depth > 8 or not isinstance(schema, dict):
        return None
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("anyOf", "oneOf", "allOf"):
        if schema.get(key):
            return minimal_instance(schema[key][0], _depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {
            name: minimal_instance(props.get(name, {}), _depth + 1)
            for name in schema.get("required", [])
        }
    if kind == "array":
        return []
    if kind == "string":
        return ""
    if kind == "integer":
        return int(schema.get("minimum", 0))
    if kind == "number":
        return float(schema.get("minimum", 0))
    if kind == "boolean":
        return False
    return None


# --------------------------------------------------------------------------
# Deterministic embeddings and audio
# --------------------------------------------------------------------------

EMBEDDING_DIMENSIONS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}
_WORD = re.compile(r"\w+", re.UNICODE)


def _seeded_vector(seed_text: str, dimensions: int):
    import numpy as np

    seed = int.from_bytes(
        hashlib.sha256(seed_text.encode("utf-8")).digest()[:8], "little"
    )
    return np.random.default_rng(seed).standard_normal(dimensions)


def fake_embedding(text: str, dimensions: int):
    """A float32 unit vector: the normalised sum of one seeded random vector
    per lower-cased word. Equal texts give equal vectors and texts sharing
    words point in similar directions, so retrieval tests behave sensibly."""
    import numpy as np

    words = _WORD.findall(text.lower()) or [text]
    total = np.zeros(dimensions)
    for word in words:
        total += _seeded_vector(word, dimensions)
    norm = float(np.linalg.norm(total)) or 1.0
    return (total / norm).astype(np.float32)


def _approx_tokens(text: str) -> int:
    return max(1, math.ceil(len(text) / 4))


SPEECH_SAMPLE_RATE = 24_000
SPEECH_CONTENT_TYPES = {
    "mp3": "audio/mpeg",
    "wav": "audio/wav",
    "pcm": "audio/pcm",
    "flac": "audio/flac",
    "opus": "audio/ogg",
    "aac": "audio/aac",
}
# PyAV container/codec per response_format (pcm and wav are written by hand).
_AV_ENCODINGS = {
    "mp3": ("mp3", "libmp3lame"),
    "flac": ("flac", "flac"),
    "opus": ("ogg", "libopus"),
    "aac": ("adts", "aac"),
}


def speech_duration_seconds(text: str) -> float:
    """How long the stand-in 'speaks' a text: grows with its length."""
    return min(30.0, 0.2 + 0.05 * len(text))


def tone_pcm16(text: str, voice: str, sample_rate: int = SPEECH_SAMPLE_RATE) -> bytes:
    """Mono s16le samples of a sine tone; the voice picks the pitch."""
    import numpy as np

    pitch = 220.0 + (int(hashlib.md5(voice.encode()).hexdigest()[:4], 16) % 220)
    n = int(speech_duration_seconds(text) * sample_rate)
    t = np.arange(n) / sample_rate
    samples = 0.3 * np.sin(2 * math.pi * pitch * t)
    return (samples * 32767).astype("<i2").tobytes()


def wav_bytes(pcm: bytes, sample_rate: int, channels: int = 1) -> bytes:
    import wave

    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm)
    return buffer.getvalue()


def encode_audio(
    pcm: bytes, sample_rate: int, fmt: str, *, bit_rate: int | None = None
) -> bytes:
    """Encode mono s16le samples as ``fmt`` (pcm, wav, or a PyAV codec);
    ``bit_rate`` (bits/s) applies to lossy codecs."""
    if fmt == "pcm":
        return pcm
    if fmt == "wav":
        return wav_bytes(pcm, sample_rate)
    if fmt not in _AV_ENCODINGS:
        raise ValueError(f"unsupported response_format {fmt!r}")
    import numpy as np

    container_name, codec_name = _AV_ENCODINGS[fmt]
    # opus only runs at 48 kHz; let the resampler in the encoder path handle it
    rate = 48_000 if fmt == "opus" else sample_rate
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format=container_name) as container:
        stream = cast(AudioStream, container.add_stream(codec_name, rate=rate))
        stream.layout = "mono"
        if bit_rate:
            stream.bit_rate = bit_rate
        resampler = av.AudioResampler(
            format=stream.format.name, layout="mono", rate=rate
        )
        samples = np.frombuffer(pcm, dtype="<i2").reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate = sample_rate
        for resampled in resampler.resample(frame) + resampler.resample(None):
            for packet in stream.encode(resampled):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return buffer.getvalue()


# --------------------------------------------------------------------------
# The server
# --------------------------------------------------------------------------


class OpenAIStandIn:
    """An in-process OpenAI-compatible server on 127.0.0.1:<free port>."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        default_reply: ReplySpec | None = None,
        words_per_chunk: int = 2,
        argument_piece_chars: int = 12,
        response_delay: float = 0.0,
        chunk_delay: float = 0.0,
        require_api_key: str | None = None,
        transcript_text: str = "hello there",
        synthesize: Callable[[str, int], bytes] | None = None,
        recognize: Callable[[bytes], str | None] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.default_reply = default_reply
        self.words_per_chunk = max(1, words_per_chunk)
        self.argument_piece_chars = max(1, argument_piece_chars)
        # Seconds to wait before answering any request / between SSE chunks.
        self.response_delay = response_delay
        self.chunk_delay = chunk_delay
        self.require_api_key = require_api_key
        self.transcript_text = transcript_text
        # synthesize(text, sample_rate) -> mono s16le speech, used instead of
        # the tone; recognize(audio file bytes) -> the words heard (None: none),
        # used instead of the scripted transcripts. Both run in a worker thread.
        self.synthesize = synthesize
        self.recognize = recognize
        self.requests: list[RecordedRequest] = []
        self.rules: list[Rule] = []
        self._queue: deque[ReplySpec] = deque()
        self._transcripts: deque[str] = deque()
        self._failures: deque[tuple[int, str, str | None]] = deque()
        self._runner: web.AppRunner | None = None

    # ---- lifecycle -------------------------------------------------------

    async def start(self) -> Self:
        """Bind and serve; ``port`` is the bound port afterwards."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/v1/chat/completions", self._chat_completions)
        app.router.add_post("/v1/embeddings", self._embeddings)
        app.router.add_post("/v1/audio/speech", self._speech)
        app.router.add_post("/v1/audio/transcriptions", self._transcriptions)
        app.router.add_get("/v1/models", self._models)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """The URL to give an OpenAI client, ending in ``/v1``."""
        return f"http://{self.host}:{self.port}/v1"

    # ---- scripting -------------------------------------------------------

    def enqueue(self, *replies: ReplySpec) -> None:
        """Queue replies for the next chat requests, in order. The queue is
        consumed by any chat request; use rules when other components (memory
        extraction, summaries) talk to the same server concurrently."""
        self._queue.extend(replies)

    def add_rule(
        self, match: Matcher | str, reply: ReplySpec, *, times: int | None = None
    ) -> Rule:
        """Answer matching chat requests with ``reply``.

        ``match`` is a predicate over the request JSON, or a substring of the
        latest not-yet-answered user message (case-insensitive). ``reply`` is
        text, a ToolCall or list of them, a Reply, JsonReply, ErrorReply, a
        dict (sent as JSON content), or a callable(request) returning one of
        those. ``times`` limits how often the rule fires.
        """
        matcher = last_user_contains(match) if isinstance(match, str) else match
        rule = Rule(matcher, reply, times)
        self.rules.append(rule)
        return rule

    def add_transcripts(self, *texts: str) -> None:
        """Queue texts for the next transcription requests."""
        self._transcripts.extend(texts)

    def fail_next(
        self,
        n: int = 1,
        status: int = 500,
        *,
        path: str | None = None,
        message: str = "",
    ) -> None:
        """Answer the next ``n`` requests (to ``path`` only, e.g.
        "/v1/embeddings", if given) with an error status."""
        for _ in range(n):
            self._failures.append(
                (status, message or f"injected failure {status}", path)
            )

    def clear(self) -> None:
        """Forget recorded requests, queued replies, rules and failures."""
        self.requests.clear()
        self.rules.clear()
        self._queue.clear()
        self._transcripts.clear()
        self._failures.clear()

    # ---- inspection ------------------------------------------------------

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path]

    def chat_requests(self) -> list[dict]:
        """Bodies of every chat completion request, oldest first."""
        return [r.body for r in self.requests_to("/v1/chat/completions")]

    def last_chat_request(self) -> dict:
        requests = self.chat_requests()
        if not requests:
            raise AssertionError("the stand-in received no chat completion request")
        return requests[-1]

    def last_chat_messages(self) -> list[dict]:
        """The ``messages`` of the most recent chat request."""
        return self.last_chat_request()["messages"]

    def embedding_requests(self) -> list[dict]:
        return [r.body for r in self.requests_to("/v1/embeddings")]

    def speech_requests(self) -> list[dict]:
        return [r.body for r in self.requests_to("/v1/audio/speech")]

    def transcription_requests(self) -> list[dict]:
        return [r.body for r in self.requests_to("/v1/audio/transcriptions")]

    # ---- reply policy ----------------------------------------------------

    def decide_reply(self, request: dict) -> Reply | JsonReply | ErrorReply:
        """The reply for a chat request: queue, then rules, then default."""
        spec: Any = None
        if self._queue:
            spec = self._queue.popleft()
        else:
            for rule in self.rules:
                if not rule.exhausted and rule.match(request):
                    rule.hits += 1
                    spec = rule.reply
                    break
        if spec is None:
            spec = self.default_reply
        if spec is None:
            return self._default_reply(request)
        return _normalise_reply(spec, request)

    def _default_reply(self, request: dict) -> Reply | JsonReply:
        if wants_json(request):
            fmt = request["response_format"]
            schema = (fmt.get("json_schema") or {}).get("schema")
            return JsonReply(minimal_instance(schema) if schema else {})
        if last_message_is_tool_result(request):
            return Reply(text="Done. " + " ".join(tool_results(request))[:300])
        return Reply(text=f"I hear you: {last_user_text(request)}".strip())

    # ---- HTTP plumbing ---------------------------------------------------

    async def _record(self, request: web.Request) -> RecordedRequest:
        body: Any = None
        files: dict[str, bytes] = {}
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except json.JSONDecodeError:
                body = None
        elif request.content_type.startswith(
            "multipart/"
        ) or request.content_type.endswith("x-www-form-urlencoded"):
            form = await request.post()
            body = {}
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = value.file.read()
                    body[key] = {
                        "filename": value.filename,
                        "content_type": value.content_type,
                        "size": len(files[key]),
                    }
                else:
                    body[key] = value
        recorded = RecordedRequest(
            method=request.method,
            path=request.path,
            headers=dict(request.headers),
            body=body,
            received_at=time.time(),
            files=files,
        )
        self.requests.append(recorded)
        return recorded

    async def _preflight(
        self, request: web.Request
    ) -> tuple[RecordedRequest, web.Response | None]:
        """Record the request and apply delay, auth and injected failures."""
        recorded = await self._record(request)
        if self.response_delay:
            await asyncio.sleep(self.response_delay)
        expected_auth = f"Bearer {self.require_api_key}"
        if (
            self.require_api_key is not None
            and request.headers.get("Authorization") != expected_auth
        ):
            return recorded, _error(
                401, "Incorrect API key provided", "invalid_api_key"
            )
        for i, (status, message, path) in enumerate(self._failures):
            if path is None or path == request.path:
                del self._failures[i]
                return recorded, _error(status, message)
        return recorded, None

    async def _not_found(self, request: web.Request) -> web.Response:
        await self._record(request)
        return _error(
            404, f"Unknown route {request.method} {request.path}", "not_found"
        )

    async def _models(self, request: web.Request) -> web.Response:
        _, failure = await self._preflight(request)
        if failure:
            return failure
        names = [
            "gpt-4.1-mini",
            "gpt-4o-mini-tts",
            "gpt-4o-mini-transcribe",
            *EMBEDDING_DIMENSIONS,
        ]
        data = [
            {"id": n, "object": "model", "created": 0, "owned_by": "stand-in"}
            for n in names
        ]
        return web.json_response({"object": "list", "data": data})

    # ---- chat ------------------------------------------------------------

    async def _chat_completions(self, request: web.Request) -> web.StreamResponse:
        recorded, failure = await self._preflight(request)
        if failure:
            return failure
        body = recorded.body
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
            return _error(400, "'messages' is required", "invalid_request_error")
        reply = self.decide_reply(body)
        if isinstance(reply, ErrorReply):
            return _error(reply.status, reply.message)
        text, calls = _reply_parts(reply)
        model = body.get("model", "stand-in")
        completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        usage = {
            "prompt_tokens": sum(
                _approx_tokens(message_text(m)) for m in body["messages"]
            ),
            "completion_tokens": _approx_tokens(
                (text or "") + "".join(c.arguments_json() for c in calls)
            ),
        }
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        finish_reason = "tool_calls" if calls else "stop"
        call_ids = [c.id or f"call_{uuid.uuid4().hex[:20]}" for c in calls]

        if not body.get("stream"):
            message: dict[str, Any] = {
                "role": "assistant",
                "content": text,
                "refusal": None,
            }
            if calls:
                message["tool_calls"] = [
                    {
                        "id": call_id,
                        "type": "function",
                        "function": {"name": c.name, "arguments": c.arguments_json()},
                    }
                    for call_id, c in zip(call_ids, calls)
                ]
            return web.json_response(
                {
                    "id": completion_id,
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": model,
                    "choices": [
                        {
                            "index": 0,
                            "message": message,
                            "finish_reason": finish_reason,
                            "logprobs": None,
                        }
                    ],
                    "usage": usage,
                }
            )

        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)

        async def send(choices: list[dict], usage_value: dict | None = None) -> None:
            chunk: dict[str, Any] = {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": model,
                "choices": choices,
            }
            if include_usage:
                chunk["usage"] = usage_value
            await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
            if self.chunk_delay:
                await asyncio.sleep(self.chunk_delay)

        def choice(delta: dict, finish: str | None = None) -> list[dict]:
            return [
                {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
            ]

        await send(choice({"role": "assistant", "content": ""}))
        for piece in _text_pieces(text or "", self.words_per_chunk):
            await send(choice({"content": piece}))
        for index, (call_id, call) in enumerate(zip(call_ids, calls)):
            await send(
                choice(
                    {
                        "tool_calls": [
                            {
                                "index": index,
                                "id": call_id,
                                "type": "function",
                                "function": {"name": call.name, "arguments": ""},
                            }
                        ]
                    }
                )
            )
            arguments = call.arguments_json()
            step = self.argument_piece_chars
            for start in range(0, len(arguments), step):
                piece = arguments[start : start + step]
                await send(
                    choice(
                        {
                            "tool_calls": [
                                {"index": index, "function": {"arguments": piece}}
                            ]
                        }
                    )
                )
        await send(choice({}, finish_reason))
        if include_usage:
            await send([], usage)
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response

    # ---- embeddings ------------------------------------------------------

    async def _embeddings(self, request: web.Request) -> web.Response:
        recorded, failure = await self._preflight(request)
        if failure:
            return failure
        body = recorded.body if isinstance(recorded.body, dict) else {}
        model = body.get("model", "text-embedding-3-small")
        raw = body.get("input")
        if raw is None or raw == [] or raw == "":
            return _error(
                400,
                "'input' must be a non-empty string or array",
                "invalid_request_error",
            )
        inputs = _embedding_inputs(raw)
        dimensions = int(
            body.get("dimensions") or EMBEDDING_DIMENSIONS.get(model, 1536)
        )
        encoding = body.get("encoding_format", "float")
        vectors = await asyncio.to_thread(
            lambda: [fake_embedding(t, dimensions) for t in inputs]
        )
        data = []
        for index, vector in enumerate(vectors):
            if encoding == "base64":
                value: Any = base64.b64encode(vector.astype("<f4").tobytes()).decode(
                    "ascii"
                )
            else:
                value = vector.tolist()
            data.append({"object": "embedding", "index": index, "embedding": value})
        tokens = sum(_approx_tokens(t) for t in inputs)
        return web.json_response(
            {
                "object": "list",
                "data": data,
                "model": model,
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )

    # ---- audio -----------------------------------------------------------

    async def _speech(self, request: web.Request) -> web.StreamResponse:
        recorded, failure = await self._preflight(request)
        if failure:
            return failure
        body = recorded.body if isinstance(recorded.body, dict) else {}
        text = body.get("input") or ""
        if not text:
            return _error(400, "'input' is required", "invalid_request_error")
        fmt = body.get("response_format") or "mp3"
        if fmt not in SPEECH_CONTENT_TYPES:
            return _error(
                400, f"unsupported response_format {fmt!r}", "invalid_request_error"
            )
        voice = str(body.get("voice") or "alloy")
        if self.synthesize is not None:
            pcm = await asyncio.to_thread(self.synthesize, text, SPEECH_SAMPLE_RATE)
        else:
            pcm = tone_pcm16(text, voice)
        try:
            audio = await asyncio.to_thread(encode_audio, pcm, SPEECH_SAMPLE_RATE, fmt)
        except (
            ValueError,
            av.FFmpegError,
        ) as exc:  # an encoder missing from this PyAV build
            return _error(400, f"cannot encode {fmt}: {exc}", "invalid_request_error")

        if body.get("stream_format") != "sse":
            return web.Response(
                body=audio, headers={"Content-Type": SPEECH_CONTENT_TYPES[fmt]}
            )

        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        piece = 4096
        for start in range(0, len(audio), piece):
            event = {
                "type": "speech.audio.delta",
                "audio": base64.b64encode(audio[start : start + piece]).decode(),
            }
            await response.write(f"data: {json.dumps(event)}\n\n".encode())
            if self.chunk_delay:
                await asyncio.sleep(self.chunk_delay)
        done = {
            "type": "speech.audio.done",
            "usage": {
                "input_tokens": _approx_tokens(text),
                "output_tokens": len(audio) // 64 + 1,
                "total_tokens": _approx_tokens(text) + len(audio) // 64 + 1,
            },
        }
        await response.write(f"data: {json.dumps(done)}\n\n".encode())
        await response.write_eof()
        return response

    async def _transcriptions(self, request: web.Request) -> web.Response:
        recorded, failure = await self._preflight(request)
        if failure:
            return failure
        body = recorded.body if isinstance(recorded.body, dict) else {}
        if "file" not in body:
            return _error(400, "'file' is required", "invalid_request_error")
        if self.recognize is not None:
            heard = await asyncio.to_thread(self.recognize, recorded.files["file"])
            text = heard or ""
        else:
            text = (
                self._transcripts.popleft() if self._transcripts else self.transcript_text
            )
        fmt = body.get("response_format", "json")
        if fmt == "text":
            return web.Response(text=text, content_type="text/plain")
        payload: dict[str, Any] = {"text": text}
        if fmt == "verbose_json":
            payload.update({"language": "english", "duration": 1.0, "segments": []})
        return web.json_response(payload)


# --------------------------------------------------------------------------
# Internals
# --------------------------------------------------------------------------


def _error(status: int, message: str, code: str | None = None) -> web.Response:
    error_type = "invalid_request_error" if status < 500 else "server_error"
    return web.json_response(
        {
            "error": {
                "message": message,
                "type": error_type,
                "param": None,
                "code": code,
            }
        },
        status=status,
    )


def _normalise_reply(spec: Any, request: dict) -> Reply | JsonReply | ErrorReply:
    for _ in range(4):  # a callable may return another callable; stop eventually
        if callable(spec) and not isinstance(
            spec, ToolCall | Reply | JsonReply | ErrorReply
        ):
            spec = spec(request)
        else:
            break
    if isinstance(spec, Reply | JsonReply | ErrorReply):
        return spec
    if isinstance(spec, str):
        return Reply(text=spec)
    if isinstance(spec, ToolCall):
        return Reply(tool_calls=[spec])
    if isinstance(spec, dict):
        return JsonReply(spec)
    if isinstance(spec, Iterable):
        calls = list(spec)
        if all(isinstance(c, ToolCall) for c in calls):
            return Reply(tool_calls=calls)
    raise TypeError(f"cannot turn {spec!r} into a chat reply")


def _reply_parts(reply: Reply | JsonReply) -> tuple[str | None, list[ToolCall]]:
    if isinstance(reply, JsonReply):
        return json.dumps(reply.value), []
    return reply.text, list(reply.tool_calls)


def _text_pieces(text: str, words_per_chunk: int) -> list[str]:
    """Split text into chunks of a few words, whitespace kept, so a client
    must join several deltas to see the whole reply."""
    tokens = re.findall(r"\s*\S+\s*", text) or ([text] if text else [])
    return [
        "".join(tokens[i : i + words_per_chunk])
        for i in range(0, len(tokens), words_per_chunk)
    ]


def _embedding_inputs(raw: Any) -> list[str]:
    """Embedding inputs as strings; token-id arrays are hashed by their ids."""
    if isinstance(raw, str):
        return [raw]
    if raw and all(isinstance(x, int) for x in raw):
        return [" ".join(map(str, raw))]
    return [item if isinstance(item, str) else " ".join(map(str, item)) for item in raw]


# --------------------------------------------------------------------------
# Script files and the standalone process
# --------------------------------------------------------------------------


def _reply_from_spec(spec: Any) -> ReplySpec:
    """A reply from its JSON form: "text", {"text": ...}, {"tool_calls": [...]},
    {"json": ...}, {"error": status}. Text may use {last_user} and
    {tool_output}, filled in from the request."""
    if isinstance(spec, str):
        spec = {"text": spec}
    if "json" in spec:
        return JsonReply(spec["json"])
    if "error" in spec:
        return ErrorReply(int(spec["error"]), spec.get("message", "scripted failure"))
    calls = [
        ToolCall(c["name"], c.get("arguments", {})) for c in spec.get("tool_calls", [])
    ]
    template = spec.get("text")

    def render(request: dict) -> Reply:
        text = None
        if template is not None:
            text = template.replace("{last_user}", last_user_text(request)).replace(
                "{tool_output}", " ".join(tool_results(request))
            )
        return Reply(text=text, tool_calls=calls)

    return render


def _matcher_from_spec(spec: dict) -> Matcher:
    """A matcher from its JSON form: {"contains": s}, {"tool_result": true},
    {"json": true}, {"has_tool": name}; several keys must all hold."""
    checks: list[Matcher] = []
    if "contains" in spec:
        checks.append(last_user_contains(spec["contains"]))
    if spec.get("tool_result"):
        checks.append(last_message_is_tool_result)
    if "json" in spec:
        want = bool(spec["json"])
        checks.append(lambda r: wants_json(r) == want)
    if "has_tool" in spec:
        name = spec["has_tool"]
        checks.append(lambda r: name in tool_names(r))
    return lambda request: all(check(request) for check in checks)


def load_script(server: OpenAIStandIn, path: str | Path) -> None:
    """Load replies from a JSON file::

    {"rules": [{"match": {"contains": "interview"},
                "reply": {"tool_calls": [{"name": "remember",
                                          "arguments": {"text": "..."}}]}},
               {"match": {"tool_result": true},
                "reply": "Got it: {tool_output}"}],
     "queue": ["Hello!"],
     "default": "I hear you: {last_user}",
     "transcripts": ["hello"]}
    """
    script = json.loads(Path(path).read_text(encoding="utf-8"))
    for rule in script.get("rules", []):
        server.add_rule(
            _matcher_from_spec(rule.get("match", {})),
            _reply_from_spec(rule["reply"]),
            times=rule.get("times"),
        )
    server.enqueue(*(_reply_from_spec(r) for r in script.get("queue", [])))
    if "default" in script:
        server.default_reply = _reply_from_spec(script["default"])
    server.add_transcripts(*script.get("transcripts", []))


async def _serve_forever(port: int, script: str | None, host: str) -> None:
    server = OpenAIStandIn(host=host, port=port)
    if script:
        load_script(server, script)
    async with server:
        print(f"OpenAI stand-in listening on {server.base_url}", flush=True)
        await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Local OpenAI-compatible stand-in server"
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument("--script", help="JSON file with rules/queue/default replies")
    args = parser.parse_args(argv)
    try:
        asyncio.run(_serve_forever(args.port, args.script, args.host))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
