"""Voice, verified by ear: real sound through the real AgentSession.

The user's sentences are spoken by espeak-ng and played into the session at
real time through a ``voice.io.AudioInput``; silero VAD, LiveKit's own turn
detector (the local v1-mini model), the real livekit OpenAI STT and TTS
plugins (over HTTP to the local stand-in, which recognises uploaded audio with
pocketsphinx and speaks with espeak-ng) and the agent's recall all run as in
production. What the agent says is captured by a ``voice.io.AudioOutput``
playing at real time and recognised again, so each check is made on sound.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest

from agent import (
    CompanionAgent,
    SessionIdentity,
    build_agent_session,
    load_turn_detector,
    load_vad,
)
from agent_prompts import MEMORY_BLOCK_OPEN
from core.config import Settings
from core.models import utcnow
from services.container import Services, build_services
from tests.agent.conftest import conversation_request, make_settings, user_says
from tests.support.audio_io import Microphone, Segment, Speaker
from tests.support.openai_server import (
    OpenAIStandIn,
    Reply,
    ToolCall,
    last_message_is_tool_result,
    last_user_text,
    message_text,
)
from tests.support.speech import SentenceRecognizer, normalise, speak

# What the user says (the stand-in's speech recogniser knows these sentences).
INTRODUCTION = "Hi, I'm Maya. I have a job interview on Friday."
QUESTION = "What are my plans for Friday?"
# One turn said in two breaths: the first part alone is what LiveKit's
# preemptive draft answers first; the turn ends with both.
HALF_QUESTION = "So about my sister"
REST_OF_QUESTION = "Where does she live?"
CRISIS = "I want to die."
USER_SENTENCES = (INTRODUCTION, QUESTION, HALF_QUESTION, REST_OF_QUESTION, CRISIS)

# What the scripted model answers.
NOTED = "Noted, Maya. Good luck with your job interview on Friday."
ANSWER_WITH_MEMORY = "You have your job interview on Friday, Maya."
ANSWER_WITHOUT_MEMORY = "I am not sure what you have planned."
SISTER_FROM_MEMORY = "Your sister Lena lives in Berlin."
SISTER_UNKNOWN = "I do not know where she lives."
HERE_FOR_YOU = "I am here for you, always."
# Sentences a reply could be confused with: the check must single one out.
AGENT_DISTRACTORS = (
    ANSWER_WITHOUT_MEMORY, SISTER_UNKNOWN, "Tell me more about your day.", "That sounds lovely."
)

TURN_TIMEOUT_S = 30.0  # one spoken turn on a busy 2-core machine, generously


@dataclass
class VoiceModels:
    """The speech models a worker process loads once (agent.prewarm)."""

    vad: Any
    turn_detector: Any


@pytest.fixture(scope="module")
def voice_models() -> VoiceModels:
    return VoiceModels(vad=load_vad(), turn_detector=load_turn_detector())


@pytest.fixture(scope="module")
def user_recognizer() -> SentenceRecognizer:
    recognizer = SentenceRecognizer(USER_SENTENCES)
    assert not recognizer.unheard(), "pick sentences the recogniser can hear"
    return recognizer


@pytest.fixture
async def voice_stand_in(user_recognizer: SentenceRecognizer) -> AsyncIterator[OpenAIStandIn]:
    def synthesize(text: str, sample_rate: int) -> bytes:
        return speak(text, sample_rate).tobytes()

    async with OpenAIStandIn(synthesize=synthesize, recognize=user_recognizer.recognize_wav) as server:
        yield server


@pytest.fixture
def voice_settings(tmp_path, voice_stand_in: OpenAIStandIn, redis_server) -> Settings:
    return make_settings(tmp_path, voice_stand_in.base_url, redis_server.url, tts_provider="openai")


@dataclass
class VoiceCall:
    agent: CompanionAgent
    session: Any
    microphone: Microphone
    speaker: Speaker

    async def segment(self, index: int) -> Segment:
        """Segment ``index`` of what the agent said, once fully played or cut off."""
        segment = await self.speaker.next_segment(index, TURN_TIMEOUT_S)
        await asyncio.wait_for(segment.finished.wait(), TURN_TIMEOUT_S)
        return segment

    async def say(self, sentence: str) -> None:
        """Speak into the microphone and wait until the last word went out."""
        utterance = self.microphone.say(speak(sentence, self.microphone.sample_rate))
        await asyncio.wait_for(utterance.done.wait(), TURN_TIMEOUT_S)


@asynccontextmanager
async def voice_call(
    settings: Settings,
    services: Services,
    identity: SessionIdentity,
    models: VoiceModels,
    *,
    clock: Callable[[], datetime] = utcnow,
) -> AsyncIterator[VoiceCall]:
    """A real AgentSession with sound in and out and no room."""
    agent = CompanionAgent(settings, services, identity, clock=clock)
    session = build_agent_session(settings, services, vad=models.vad, turn_detector=models.turn_detector)
    call = VoiceCall(agent, session, Microphone(), Speaker())
    session.input.audio = call.microphone
    session.output.audio = call.speaker
    await session.start(agent)
    try:
        yield call
    finally:
        await session.aclose()
        await agent.end_user_session()


def heard(segment: Segment, expected: str, others: Iterable[str] = AGENT_DISTRACTORS) -> str | None:
    """Which sentence the segment's audio is, among ``expected`` and ``others``."""
    rate, samples = segment.samples()
    return SentenceRecognizer([expected, *others]).recognize(samples, rate)


def memory_block(request: dict) -> str | None:
    for message in request["messages"]:
        if message_text(message).startswith(MEMORY_BLOCK_OPEN):
            return message_text(message)
    return None


def answer_from_memory(request: dict) -> Reply:
    """The model 'knows' the event only if the memory block told it."""
    block = memory_block(request) or ""
    return Reply(text=ANSWER_WITH_MEMORY if "interview" in block.lower() else ANSWER_WITHOUT_MEMORY)


def script_model(server: OpenAIStandIn) -> None:
    server.add_rule(
        user_says("job interview on friday"),
        Reply(
            tool_calls=[
                ToolCall("remember", {"content": "User's name is Maya", "kind": "fact", "key": "name"}),
                ToolCall(
                    "remember",
                    {
                        "content": "Has a job interview on Friday",
                        "kind": "event",
                        "key": "event:job_interview",
                        "importance": 0.9,
                    },
                ),
            ]
        ),
    )
    server.add_rule(last_message_is_tool_result, NOTED)
    server.add_rule(user_says("plans for friday"), answer_from_memory)


async def test_spoken_memory_across_two_sessions(
    voice_settings: Settings, voice_stand_in: OpenAIStandIn, voice_models: VoiceModels, user_id: str
) -> None:
    script_model(voice_stand_in)

    # --- session 1: the user introduces themselves and an upcoming event ------
    services = await build_services(voice_settings)
    try:
        async with voice_call(voice_settings, services, SessionIdentity(user_id), voice_models) as call:
            greeting = await call.segment(0)
            assert heard(greeting, call.agent.greeting or "") == normalise(
                call.agent.greeting or ""
            )
            await call.say(INTRODUCTION)
            noted = await call.segment(1)
            assert heard(noted, NOTED) == normalise(NOTED)
            transcribed = [r.body for r in voice_stand_in.requests_to("/v1/audio/transcriptions")]
            assert transcribed, "the STT plugin never uploaded audio"
    finally:
        await services.aclose()

    # --- session 2, a week later, fresh services: greeting and a question ----
    voice_stand_in.requests.clear()
    def next_week() -> datetime:
        return utcnow() + timedelta(days=8)

    services = await build_services(voice_settings)
    try:
        async with voice_call(
            voice_settings, services, SessionIdentity(user_id), voice_models, clock=next_week
        ) as call:
            greeting = await call.segment(0)
            said = call.agent.greeting or ""
            assert "interview" in said.lower() and "maya" in said.lower()
            assert heard(greeting, said) == normalise(said)

            await call.say(QUESTION)
            answer = await call.segment(1)
            assert heard(answer, ANSWER_WITH_MEMORY) == normalise(ANSWER_WITH_MEMORY)

            (request,) = [
                r
                for r in voice_stand_in.chat_requests()
                if conversation_request(r) and "plans for friday" in last_user_text(r).lower()
            ]
            block = memory_block(request)
            assert block is not None and "interview" in block.lower()
            # The first spoken turn of these fresh services recalled within budget.
            assert call.agent.timings.recall_timeouts == 0
            # That single request was LiveKit's preemptive draft, made before the
            # turn was confirmed, and LiveKit kept it: the memory block rode along.
            assert call.agent.timings.spoken_turns == 1
            assert call.agent.timings.preemptive_kept == 1
    finally:
        await services.aclose()


async def test_user_talking_over_the_greeting_stops_it_and_is_answered(
    voice_settings: Settings, voice_stand_in: OpenAIStandIn, voice_models: VoiceModels, user_id: str
) -> None:
    """Barge-in inside LiveKit's default 3 s echo-canceller warm-up: with
    AEC_WARMUP_SECONDS at its default the user's words are heard, not dropped."""
    script_model(voice_stand_in)
    services = await build_services(voice_settings)
    try:
        async with voice_call(voice_settings, services, SessionIdentity(user_id), voice_models) as call:
            greeting = await call.speaker.next_segment(0, TURN_TIMEOUT_S)
            await asyncio.sleep(1.0)  # the greeting of a first meeting lasts ~8 s
            assert not greeting.finished.is_set()
            await call.say(INTRODUCTION)

            await asyncio.wait_for(greeting.finished.wait(), TURN_TIMEOUT_S)
            assert greeting.interrupted
            assert greeting.played_seconds < greeting.seconds - 1.0
            reply = await call.segment(1)
            assert heard(reply, NOTED) == normalise(NOTED)
            answering = [
                r
                for r in voice_stand_in.chat_requests()
                if conversation_request(r) and "job interview on friday" in last_user_text(r).lower()
            ]
            # The model saw the user's whole sentence, and that the greeting was cut.
            assert answering and answering[0]["messages"][-1]["role"] == "user"
            assistant_said = [m for m in answering[0]["messages"] if m["role"] == "assistant"]
            assert "remember" in json.dumps(answering[0]["tools"]) and assistant_said
    finally:
        await services.aclose()


def user_text_is(text: str) -> Callable[[dict], bool]:
    """A conversation request whose latest user message is exactly ``text`` (normalised)."""
    return lambda request: conversation_request(request) and normalise(last_user_text(request)) == normalise(text)


async def test_changed_transcript_recalls_again_and_a_spoken_crisis_turn_gets_the_policy(
    tmp_path, voice_stand_in: OpenAIStandIn, redis_server, voice_models: VoiceModels, user_id: str
) -> None:
    """Preemptive generation with memory, spoken. A pause mid-question lets
    LiveKit draft a reply to the first half, recall included; when the turn ends
    with more words, the reply that is kept recalled again for all of them. A
    crisis turn's draft lacks the safe-response policy: it is replaced by a
    reply that carries it, and the draft's recall is reused for that reply."""
    settings = make_settings(
        tmp_path, voice_stand_in.base_url, redis_server.url, tts_provider="openai", safety_classifier_enabled=False
    )

    def sister_from_memory(request: dict) -> Reply:
        block = (memory_block(request) or "").lower()
        return Reply(text=SISTER_FROM_MEMORY if "berlin" in block else SISTER_UNKNOWN)

    voice_stand_in.add_rule(user_says(REST_OF_QUESTION.rstrip("?")), sister_from_memory)
    voice_stand_in.add_rule(user_says("want to die"), Reply(text=HERE_FOR_YOU))
    services = await build_services(settings)
    try:
        await services.memory.remember(user_id, "Has a sister named Lena who lives in Berlin", kind="relationship")
        async with voice_call(settings, services, SessionIdentity(user_id), voice_models) as call:
            await call.segment(0)  # the greeting, played to the end
            timings = call.agent.timings

            # --- a changed transcript: the reply recalls again ----------------------
            await call.say(HALF_QUESTION)
            await asyncio.sleep(1.2)  # VAD closes the first half; its transcript drafts a reply
            await call.say(REST_OF_QUESTION)
            answer = await call.segment(1)
            assert heard(answer, SISTER_FROM_MEMORY) == normalise(SISTER_FROM_MEMORY)
            (draft,) = [r for r in voice_stand_in.chat_requests() if user_text_is(HALF_QUESTION)(r)]
            whole = f"{HALF_QUESTION} {REST_OF_QUESTION}"
            (answered,) = [r for r in voice_stand_in.chat_requests() if user_text_is(whole)(r)]
            # Each carries a memory block recalled for its own words.
            assert "berlin" in (memory_block(draft) or "").lower()
            assert "berlin" in (memory_block(answered) or "").lower()
            assert timings.recalls_started >= 2 and timings.recalls_reused == 0
            said = [m.text_content for m in call.agent.chat_ctx.messages() if m.role == "user"]
            assert normalise(said[-1] or "") == normalise(whole)

            # --- a crisis turn: the policy is on the wire, the recall reused ------
            kept_before, started_before = timings.preemptive_kept, timings.recalls_started
            await call.say(CRISIS)
            reply = await call.segment(2)
            assert heard(reply, HERE_FOR_YOU) == normalise(HERE_FOR_YOU)
            crisis_requests = [r for r in voice_stand_in.chat_requests() if user_text_is(CRISIS)(r)]
            with_policy = [
                r for r in crisis_requests
                if any(m["role"] in ("system", "developer") and "SAFETY" in message_text(m) for m in r["messages"])
            ]
            # The draft went out without the policy and was dropped; the reply that
            # was spoken carried it, with the draft's memory block (recall reused).
            assert len(crisis_requests) == 2 and len(with_policy) == 1
            assert memory_block(with_policy[0]) is not None
            assert timings.preemptive_kept == kept_before
            assert timings.recalls_started == started_before + 1 and timings.recalls_reused == 1
            assert timings.safety_turns == 1
    finally:
        await services.aclose()
