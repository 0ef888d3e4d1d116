"""A tiny in-process ``llm.LLM`` that replies from a script.

For fast tests of the agent's tools and hooks without HTTP: each chat request
takes the next scripted step (text and/or tool calls) and the chat context it
was given is recorded, so tests can inspect exactly what the model saw. The
end-to-end tests use the real OpenAI plugin against the local HTTP stand-in.
"""

from __future__ import annotations

import json
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from livekit.agents import APIConnectOptions, llm
from livekit.agents.types import DEFAULT_API_CONNECT_OPTIONS, NOT_GIVEN, NotGivenOr


@dataclass
class Step:
    """One model reply: optional text, then optional tool calls (name, args)."""

    text: str | None = None
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def say(text: str) -> Step:
    return Step(text=text)


def call(name: str, **arguments: Any) -> Step:
    return Step(calls=[(name, arguments)])


class ScriptedLLM(llm.LLM):
    """Replies with queued steps; when the queue is empty, echoes the tool
    output (after a tool call) or the last user text."""

    def __init__(self, *steps: Step) -> None:
        super().__init__()
        self.steps: deque[Step] = deque(steps)
        self.requests: list[llm.ChatContext] = []

    @property
    def model(self) -> str:
        return "scripted"

    @property
    def provider(self) -> str:
        return "tests"

    def push(self, *steps: Step) -> None:
        self.steps.extend(steps)

    def chat(
        self,
        *,
        chat_ctx: llm.ChatContext,
        tools: list[llm.Tool] | None = None,
        conn_options: APIConnectOptions = DEFAULT_API_CONNECT_OPTIONS,
        parallel_tool_calls: NotGivenOr[bool] = NOT_GIVEN,
        tool_choice: NotGivenOr[llm.ToolChoice] = NOT_GIVEN,
        extra_kwargs: NotGivenOr[dict[str, Any]] = NOT_GIVEN,
    ) -> llm.LLMStream:
        self.requests.append(chat_ctx.copy())
        step = self.steps.popleft() if self.steps else _default_step(chat_ctx)
        return _ScriptedStream(
            self, chat_ctx=chat_ctx, tools=tools or [], conn_options=conn_options, step=step
        )


def _default_step(chat_ctx: llm.ChatContext) -> Step:
    items = chat_ctx.items
    if items and isinstance(items[-1], llm.FunctionCallOutput):
        return Step(text=f"Done: {items[-1].output}")
    for item in reversed(items):
        if isinstance(item, llm.ChatMessage) and item.role == "user":
            return Step(text=f"I hear you: {item.text_content}")
    return Step(text="Hello.")


class _ScriptedStream(llm.LLMStream):
    def __init__(self, llm_: ScriptedLLM, *, step: Step, **kwargs: Any) -> None:
        super().__init__(llm_, **kwargs)
        self._step = step

    async def _run(self) -> None:
        request_id = f"scripted-{uuid.uuid4().hex[:8]}"
        if self._step.text:
            self._event_ch.send_nowait(
                llm.ChatChunk(
                    id=request_id,
                    delta=llm.ChoiceDelta(role="assistant", content=self._step.text),
                )
            )
        if self._step.calls:
            calls = [
                llm.FunctionToolCall(
                    name=name,
                    arguments=json.dumps(arguments),
                    call_id=f"call_{uuid.uuid4().hex[:10]}",
                )
                for name, arguments in self._step.calls
            ]
            self._event_ch.send_nowait(
                llm.ChatChunk(id=request_id, delta=llm.ChoiceDelta(role="assistant", tool_calls=calls))
            )
