"""The OpenAI stand-in, driven by the real openai client and the real
livekit OpenAI plugin (LLM and TTS)."""

from __future__ import annotations

import asyncio
import io
import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import av
import httpx
import numpy as np
import openai
import pytest
from livekit.agents import llm
from livekit.plugins import openai as lk_openai

from tests.support.openai_server import (
    ErrorReply,
    JsonReply,
    OpenAIStandIn,
    Reply,
    ToolCall,
    last_message_is_tool_result,
    tool_results,
)

ROOT = Path(__file__).resolve().parent.parent
REMEMBER_TOOL = {
    "type": "function",
    "function": {
        "name": "remember",
        "description": "Remember a fact about the user.",
        "parameters": {
            "type": "object",
            "properties": {"text": {"type": "string"}},
            "required": ["text"],
        },
    },
}


@pytest.fixture
async def server():
    async with OpenAIStandIn() as stand_in:
        yield stand_in


@pytest.fixture
async def client(server):
    async with openai.AsyncOpenAI(
        base_url=server.base_url, api_key="test-key", max_retries=0
    ) as c:
        yield c


def user(text: str) -> dict:
    return {"role": "user", "content": text}


async def collect_stream(
    stream,
) -> tuple[list, str, dict[int, dict], str | None, object]:
    """Chunks, joined text, tool calls by index, finish reason, usage."""
    chunks: list[Any] = []
    text, finish, usage = "", None, None
    calls: dict[int, dict[str, Any]] = {}
    async for chunk in stream:
        chunks.append(chunk)
        if chunk.usage is not None:
            usage = chunk.usage
        for choice in chunk.choices:
            text += choice.delta.content or ""
            finish = choice.finish_reason or finish
            for call in choice.delta.tool_calls or []:
                entry = calls.setdefault(
                    call.index, {"id": None, "name": "", "arguments": ""}
                )
                entry["id"] = call.id or entry["id"]
                if call.function.name:
                    entry["name"] = call.function.name
                entry["arguments"] += call.function.arguments or ""
    return chunks, text, calls, finish, usage


# ---- chat completions through the openai client -----------------------------


async def test_streamed_text_arrives_in_several_chunks_with_usage(server, client):
    server.enqueue("Nice to meet you, I will remember that for later.")
    stream = await client.chat.completions.create(
        model="gpt-4.1-mini",
        messages=[user("hello")],
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks, text, calls, finish, usage = await collect_stream(stream)

    assert text == "Nice to meet you, I will remember that for later."
    content_chunks = [c for c in chunks if c.choices and c.choices[0].delta.content]
    assert len(content_chunks) >= 3
    assert calls == {} and finish == "stop"
    assert (
        usage is not None
        and usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    )
    assert server.last_chat_messages() == [user("hello")]


async def test_streamed_tool_call_arguments_arrive_in_pieces(server, client):
    server.add_rule(
        "interview", [ToolCall("remember", {"text": "job interview on Friday at 10"})]
    )
    stream = await client.chat.completions.create(
        model="gpt-4.1-mini",
        messages=[user("I have a job INTERVIEW on Friday")],
        tools=[REMEMBER_TOOL],
        stream=True,
    )
    chunks, _text, calls, finish, usage = await collect_stream(stream)

    assert finish == "tool_calls"
    assert usage is None  # not asked for
    assert list(calls) == [0]
    assert calls[0]["name"] == "remember" and calls[0]["id"].startswith("call_")
    assert json.loads(calls[0]["arguments"]) == {
        "text": "job interview on Friday at 10"
    }
    argument_chunks = [
        c
        for c in chunks
        if c.choices
        and c.choices[0].delta.tool_calls
        and not c.choices[0].delta.tool_calls[0].id
    ]
    assert len(argument_chunks) >= 2
    assert server.last_chat_request()["tools"][0]["function"]["name"] == "remember"


async def test_text_and_two_parallel_tool_calls_in_one_reply(server, client):
    server.enqueue(
        Reply(
            text="Let me note both.",
            tool_calls=[
                ToolCall("remember", {"text": "a"}),
                ToolCall("forget", {"id": 3}),
            ],
        )
    )
    stream = await client.chat.completions.create(
        model="m", messages=[user("x")], tools=[REMEMBER_TOOL], stream=True
    )
    _, text, calls, finish, _ = await collect_stream(stream)
    assert text == "Let me note both." and finish == "tool_calls"
    assert [calls[i]["name"] for i in sorted(calls)] == ["remember", "forget"]
    assert json.loads(calls[1]["arguments"]) == {"id": 3}
    assert calls[0]["id"] != calls[1]["id"]


async def test_non_streaming_completion_with_tool_call(server, client):
    server.enqueue(ToolCall("remember", {"text": "likes tea"}, id="call_fixed"))
    response = await client.chat.completions.create(
        model="m", messages=[user("I like tea")]
    )
    choice = response.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.tool_calls[0].id == "call_fixed"
    assert json.loads(choice.message.tool_calls[0].function.arguments) == {
        "text": "likes tea"
    }
    assert response.usage.prompt_tokens >= 1


async def test_json_response_formats(server, client):
    schema = {
        "type": "object",
        "properties": {
            "memories": {"type": "array", "items": {"type": "string"}},
            "mood": {"type": "string", "enum": ["happy", "sad"]},
            "note": {"type": "string"},
        },
        "required": ["memories", "mood"],
        "additionalProperties": False,
    }
    json_schema_format = {
        "type": "json_schema",
        "json_schema": {"name": "extraction", "schema": schema},
    }

    # Unscripted: a minimal instance of the schema.
    response = await client.chat.completions.create(
        model="m", messages=[user("extract")], response_format=json_schema_format
    )
    assert json.loads(response.choices[0].message.content) == {
        "memories": [],
        "mood": "happy",
    }

    # Scripted by rule: the JSON the test wants, also through a stream.
    server.add_rule(
        lambda r: "response_format" in r, {"memories": ["likes tea"], "mood": "sad"}
    )
    stream = await client.chat.completions.create(
        model="m",
        messages=[user("extract")],
        response_format={"type": "json_object"},
        stream=True,
    )
    _, text, _, _, _ = await collect_stream(stream)
    assert json.loads(text) == {"memories": ["likes tea"], "mood": "sad"}
    assert server.last_chat_request()["response_format"] == {"type": "json_object"}


async def test_reply_policy_queue_then_rules_then_echo(server, client):
    async def ask(messages):
        response = await client.chat.completions.create(model="m", messages=messages)
        return response.choices[0].message

    server.add_rule("weather", "It is sunny.", times=1)
    server.add_rule(
        last_message_is_tool_result,
        lambda request: f"Saved: {' '.join(tool_results(request))}",
    )
    server.enqueue("queued first")

    assert (await ask([user("what is the weather")])).content == "queued first"
    assert (await ask([user("what is the weather")])).content == "It is sunny."
    # times=1: the rule is spent, the default echo answers.
    assert (
        await ask([user("what is the weather")])
    ).content == "I hear you: what is the weather"

    tool_turn = [
        user("remember the weather"),
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "remember", "arguments": "{}"},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "memory #7 stored"},
    ]
    assert (await ask(tool_turn)).content == "Saved: memory #7 stored"


async def test_substring_rule_does_not_refire_after_its_tool_call(server, client):
    rule = server.add_rule("interview", ToolCall("remember", {"text": "interview"}))
    follow_up = [
        user("my interview is tomorrow"),
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "c1",
                    "type": "function",
                    "function": {"name": "remember", "arguments": "{}"},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "c1", "content": "stored"},
    ]
    response = await client.chat.completions.create(model="m", messages=follow_up)
    assert rule.hits == 0
    assert response.choices[0].message.tool_calls is None
    assert "stored" in response.choices[0].message.content


async def test_message_content_parts_are_read_for_rules(server, client):
    server.add_rule("birthday", "Happy birthday!")
    response = await client.chat.completions.create(
        model="m",
        messages=[
            {"role": "user", "content": [{"type": "text", "text": "It is my Birthday"}]}
        ],
    )
    assert response.choices[0].message.content == "Happy birthday!"


async def test_failure_injection_and_recovery(server, client):
    server.fail_next(1, status=503, path="/v1/embeddings")
    server.fail_next(1, status=500)
    with pytest.raises(openai.InternalServerError):
        await client.chat.completions.create(model="m", messages=[user("hi")])
    with pytest.raises(openai.APIStatusError) as caught:
        await client.embeddings.create(model="text-embedding-3-small", input="hi")
    assert caught.value.status_code == 503
    ok = await client.chat.completions.create(model="m", messages=[user("hi")])
    assert ok.choices[0].message.content == "I hear you: hi"

    server.enqueue(ErrorReply(429, "slow down"))
    with pytest.raises(openai.RateLimitError):
        await client.chat.completions.create(model="m", messages=[user("hi")])


async def test_response_delay_is_applied(server, client):
    server.response_delay = 0.2
    loop = asyncio.get_running_loop()
    started = loop.time()
    await client.chat.completions.create(model="m", messages=[user("hi")])
    assert loop.time() - started >= 0.2


async def test_api_key_is_checked_when_required():
    async with OpenAIStandIn(require_api_key="right") as server:
        async with openai.AsyncOpenAI(
            base_url=server.base_url, api_key="wrong", max_retries=0
        ) as bad:
            with pytest.raises(openai.AuthenticationError):
                await bad.models.list()
        async with openai.AsyncOpenAI(
            base_url=server.base_url, api_key="right", max_retries=0
        ) as good:
            models = await good.models.list()
        assert "text-embedding-3-small" in [m.id for m in models.data]
        assert server.requests[-1].headers["Authorization"] == "Bearer right"


async def test_bad_requests_get_openai_style_errors(server):
    async with httpx.AsyncClient(base_url=server.base_url) as http:
        missing = await http.post("/chat/completions", json={"model": "m"})
        unknown = await http.get("/nope")
    assert (
        missing.status_code == 400 and "messages" in missing.json()["error"]["message"]
    )
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"


# ---- embeddings ------------------------------------------------------------


async def test_embeddings_base64_default_and_float_agree(server, client):
    texts = ["I love green tea", "green tea is lovely", "the stock market fell"]
    default = await client.embeddings.create(
        model="text-embedding-3-small", input=texts
    )
    as_float = await client.embeddings.create(
        model="text-embedding-3-small", input=texts, encoding_format="float"
    )
    sent = server.embedding_requests()
    assert sent[0]["encoding_format"] == "base64"  # what the client asks for by default
    assert sent[1]["encoding_format"] == "float"

    a = np.array([d.embedding for d in default.data], dtype=np.float32)
    b = np.array([d.embedding for d in as_float.data], dtype=np.float32)
    assert a.shape == (3, 1536)
    np.testing.assert_allclose(a, b, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    # Shared words pull vectors together; unrelated text stays far.
    assert a[0] @ a[1] > a[0] @ a[2] + 0.2
    assert default.usage.prompt_tokens > 0


async def test_embedding_dimensions_by_request_and_model(server, client):
    small = await client.embeddings.create(
        model="text-embedding-3-small", input="x", dimensions=384
    )
    large = await client.embeddings.create(
        model="text-embedding-3-large", input="x", encoding_format="float"
    )
    again = await client.embeddings.create(
        model="text-embedding-3-small", input="x", dimensions=384
    )
    assert len(small.data[0].embedding) == 384
    assert len(large.data[0].embedding) == 3072
    assert small.data[0].embedding == again.data[0].embedding


# ---- audio -----------------------------------------------------------------


def decode_duration(audio: bytes, fmt: str) -> float:
    with av.open(io.BytesIO(audio), mode="r", format=fmt) as container:
        samples = sum(frame.samples for frame in container.decode(audio=0))
        return samples / container.streams.audio[0].rate


async def test_speech_is_real_audio_sized_to_the_text(server, client):
    short = await client.audio.speech.create(
        model="gpt-4o-mini-tts", voice="ash", input="Hi."
    )
    long = await client.audio.speech.create(
        model="gpt-4o-mini-tts", voice="ash", input="Hi. " * 20, response_format="wav"
    )
    assert short.response.headers["content-type"] == "audio/mpeg"
    assert long.response.headers["content-type"] == "audio/wav"
    short_seconds = decode_duration(short.content, "mp3")
    long_seconds = decode_duration(long.content, "wav")
    assert 0.2 < short_seconds < 0.8
    assert long_seconds > 3 * short_seconds
    assert server.speech_requests()[0]["voice"] == "ash"


async def test_transcription_returns_scripted_text(server, client):
    server.add_transcripts("I had my interview today")
    first = await client.audio.transcriptions.create(
        model="gpt-4o-mini-transcribe", file=("a.wav", b"RIFF0000WAVE", "audio/wav")
    )
    second = await client.audio.transcriptions.create(
        model="whisper-1",
        file=("a.wav", b"RIFF0000WAVE", "audio/wav"),
        response_format="verbose_json",
    )
    assert first.text == "I had my interview today"
    assert second.text == "hello there" and second.language == "english"
    assert server.transcription_requests()[0]["file"]["size"] == 12


# ---- the real livekit OpenAI plugin --------------------------------------


@llm.function_tool
async def remember(text: str) -> str:
    """Remember a fact about the user."""
    return "stored"


async def run_livekit_chat(
    model: lk_openai.LLM, chat_ctx: llm.ChatContext, tools
) -> tuple[str, list]:
    text, calls = "", []
    async with model.chat(chat_ctx=chat_ctx, tools=tools) as stream:
        async for chunk in stream:
            if chunk.delta:
                text += chunk.delta.content or ""
                calls.extend(chunk.delta.tool_calls or [])
    return text, calls


async def test_livekit_llm_streams_text_and_function_tool_call(server):
    server.add_rule(
        "interview",
        Reply(
            text="Good luck! ",
            tool_calls=[ToolCall("remember", {"text": "interview Friday"})],
        ),
    )
    server.add_rule(
        last_message_is_tool_result, lambda r: f"I noted it ({tool_results(r)[0]})."
    )
    model = lk_openai.LLM(
        model="gpt-4.1-mini", base_url=server.base_url, api_key="test-key"
    )
    try:
        chat_ctx = llm.ChatContext()
        chat_ctx.add_message(role="system", content="You are a companion.")
        chat_ctx.add_message(role="user", content="My interview is on Friday")
        text, calls = await run_livekit_chat(model, chat_ctx, [remember])

        assert text == "Good luck! "
        assert len(calls) == 1 and isinstance(calls[0], llm.FunctionToolCall)
        assert calls[0].name == "remember"
        assert json.loads(calls[0].arguments) == {"text": "interview Friday"}

        sent = server.last_chat_request()
        assert sent["stream"] is True and sent["stream_options"] == {
            "include_usage": True
        }
        assert [m["role"] for m in sent["messages"]] == ["system", "user"]
        assert sent["tools"][0]["function"]["name"] == "remember"

        # Second leg: the tool output goes back, the model answers in text.
        call = calls[0]
        chat_ctx.items.append(
            llm.FunctionCall(
                call_id=call.call_id, name=call.name, arguments=call.arguments
            )
        )
        chat_ctx.items.append(
            llm.FunctionCallOutput(
                call_id=call.call_id,
                name="remember",
                output="memory #7 stored",
                is_error=False,
            )
        )
        text, calls = await run_livekit_chat(model, chat_ctx, [remember])
        assert text == "I noted it (memory #7 stored)."
        assert calls == []
        assert server.last_chat_messages()[-1]["role"] == "tool"
    finally:
        await model.aclose()


async def test_livekit_openai_tts_gets_audio_frames(server):
    tts = lk_openai.TTS(
        model="gpt-4o-mini-tts",
        voice="ash",
        base_url=server.base_url,
        api_key="test-key",
    )
    try:
        frames = [
            event.frame
            async for event in tts.synthesize("Hello from the stand-in server.")
        ]
    finally:
        await tts.aclose()
    sent = server.speech_requests()[0]
    assert sent["stream_format"] == "sse" and sent["response_format"] == "mp3"
    assert frames and frames[0].sample_rate == 24000
    seconds = sum(f.samples_per_channel for f in frames) / 24000
    assert abs(seconds - (0.2 + 0.05 * len("Hello from the stand-in server."))) < 0.2
    samples = np.concatenate([np.frombuffer(f.data, dtype=np.int16) for f in frames])
    assert np.abs(samples).max() > 1000


# ---- standalone process ------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_standalone_process_serves_a_script_file(tmp_path):
    script = tmp_path / "script.json"
    script.write_text(
        json.dumps(
            {
                "rules": [
                    {
                        "match": {"contains": "interview"},
                        "reply": {
                            "tool_calls": [
                                {"name": "remember", "arguments": {"text": "interview"}}
                            ]
                        },
                    },
                    {"match": {"tool_result": True}, "reply": "Got it: {tool_output}"},
                ],
                "default": "Echo {last_user}",
            }
        )
    )
    port = free_port()
    process = subprocess.Popen(  # noqa: ASYNC220 - a short-lived child, waited on below
        [
            sys.executable,
            "-m",
            "tests.support.openai_server",
            "--port",
            str(port),
            "--script",
            str(script),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        banner = await asyncio.wait_for(asyncio.to_thread(process.stdout.readline), 30)
        assert f"127.0.0.1:{port}/v1" in banner.decode()
        async with openai.AsyncOpenAI(
            base_url=f"http://127.0.0.1:{port}/v1", api_key="k", max_retries=0
        ) as c:
            first = await c.chat.completions.create(
                model="m", messages=[user("the interview went well")]
            )
            echo = await c.chat.completions.create(
                model="m", messages=[user("good morning")]
            )
        assert first.choices[0].message.tool_calls[0].function.name == "remember"
        assert echo.choices[0].message.content == "Echo good morning"
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


async def test_json_reply_object_is_sent_verbatim(server, client):
    server.enqueue(JsonReply([1, 2, 3]))
    response = await client.chat.completions.create(model="m", messages=[user("x")])
    assert json.loads(response.choices[0].message.content) == [1, 2, 3]
