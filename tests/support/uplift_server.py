"""A local server that speaks Uplift AI's text-to-speech protocol as
``livekit-plugins-upliftai`` uses it, producing real audio.

The protocol (socket.io over a websocket):

- namespace ``/text-to-speech/multi-stream``; the client authenticates with
  ``auth={"token": <api key>}`` and waits for a ``message`` event
  ``{"type": "ready", "sessionId": ...}``;
- the client emits ``synthesize`` with ``{"type": "synthesize", "requestId",
  "text", "voiceId", "outputFormat", ["phraseReplacementConfigId"]}``;
- the server answers with ``message`` events ``{"type": "audio",
  "requestId", "audio": <base64 chunk>}`` and finally ``{"type":
  "audio_end", "requestId"}``, or ``{"type": "error", "requestId",
  "message"}``.

Audio is a sine tone at 22.05 kHz whose length grows with the text (see
``speech_duration_seconds``), encoded in the requested output format: raw PCM,
WAV, or MP3 at the requested bit rate (PyAV's LAME encoder).

Failure modes for fallback tests (``server.failure``): ``"refuse_auth"``
rejects every connection, ``"error"`` answers each request with an error
message, ``"disconnect"`` drops the connection when a request arrives.
"""

from __future__ import annotations

import asyncio
import base64
import uuid
from dataclasses import dataclass
from typing import Any, Literal, Self

import socketio
from aiohttp import web

from tests.support.openai_server import encode_audio, tone_pcm16

NAMESPACE = "/text-to-speech/multi-stream"
SAMPLE_RATE = 22_050
AUDIO_CHUNK_BYTES = 4096

Failure = Literal["refuse_auth", "error", "disconnect"] | None


@dataclass(frozen=True)
class UpliftEncoding:
    """How the stand-in encodes one Uplift output format."""

    fmt: str  # encode_audio format name
    bit_rate: int | None = None


# Output formats the stand-in can produce. The rest of the plugin's list
# (WAV_22050_32, OGG_22050_16, ULAW_8000_8) get an "error" message.
ENCODINGS = {
    "PCM_22050_16": UpliftEncoding("pcm"),
    "WAV_22050_16": UpliftEncoding("wav"),
    "MP3_22050_32": UpliftEncoding("mp3", 32_000),
    "MP3_22050_64": UpliftEncoding("mp3", 64_000),
    "MP3_22050_128": UpliftEncoding("mp3", 128_000),
}


def synthesize_audio(text: str, voice_id: str, output_format: str) -> bytes:
    """Encoded audio for ``text`` in an Uplift output format."""
    encoding = ENCODINGS[output_format]
    pcm = tone_pcm16(text, voice_id, SAMPLE_RATE)
    return encode_audio(pcm, SAMPLE_RATE, encoding.fmt, bit_rate=encoding.bit_rate)


class UpliftStandIn:
    """An in-process Uplift TTS server on 127.0.0.1:<free port>."""

    def __init__(
        self,
        *,
        api_key: str | None = "test-uplift-key",
        host: str = "127.0.0.1",
        port: int = 0,
        failure: Failure = None,
    ) -> None:
        # None accepts any token; otherwise the token must match.
        self.api_key = api_key
        self.host = host
        self.port = port
        self.failure: Failure = failure
        self.requests: list[dict[str, Any]] = []  # every "synthesize" message
        self.connections: list[dict[str, Any]] = []  # auth payload of each attempt
        self.open_sessions: set[str] = set()  # sids connected right now
        self._sio: socketio.AsyncServer | None = None
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        """What to pass as the plugin's ``base_url``."""
        return f"http://{self.host}:{self.port}"

    @property
    def texts(self) -> list[str]:
        return [r.get("text", "") for r in self.requests]

    async def start(self) -> Self:
        sio = socketio.AsyncServer(
            async_mode="aiohttp", logger=False, engineio_logger=False
        )
        sio.on("connect", self._on_connect, namespace=NAMESPACE)
        sio.on("synthesize", self._on_synthesize, namespace=NAMESPACE)
        sio.on("disconnect", self._on_disconnect, namespace=NAMESPACE)
        app = web.Application()
        sio.attach(app)
        self._sio = sio
        # Websocket handlers live as long as their clients; don't let a
        # client that never hangs up stall shutdown for aiohttp's default 60 s.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        """Hang up on every client, then stop serving."""
        if self._sio is not None and self._sio.eio.sockets:
            await self._sio.eio.disconnect()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self._sio = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # ---- protocol ----------------------------------------------------------

    async def _on_connect(self, sid: str, environ: dict, auth: Any = None) -> bool:
        token = auth.get("token") if isinstance(auth, dict) else None
        self.connections.append({"sid": sid, "token": token})
        if self.failure == "refuse_auth" or (
            self.api_key is not None and token != self.api_key
        ):
            raise socketio.exceptions.ConnectionRefusedError("authentication failed")
        # "ready" must follow the namespace CONNECT packet, which socket.io
        # sends only after this handler returns.
        assert self._sio is not None
        self.open_sessions.add(sid)
        self._sio.start_background_task(self._send_ready, sid)
        return True

    async def _on_disconnect(self, sid: str, *reason: Any) -> None:
        self.open_sessions.discard(sid)

    async def _send_ready(self, sid: str) -> None:
        await asyncio.sleep(0.01)
        await self._message(sid, {"type": "ready", "sessionId": uuid.uuid4().hex})

    async def _on_synthesize(self, sid: str, data: Any) -> None:
        message = data if isinstance(data, dict) else {"raw": data}
        self.requests.append(message)
        request_id = message.get("requestId", "")
        if self.failure == "disconnect":
            assert self._sio is not None
            await self._sio.disconnect(sid, namespace=NAMESPACE)
            return
        if self.failure == "error":
            await self._error(sid, request_id, "synthesis failed (injected)")
            return
        text = message.get("text") or ""
        output_format = message.get("outputFormat", "MP3_22050_32")
        if not text.strip():
            await self._error(sid, request_id, "text is required")
            return
        if output_format not in ENCODINGS:
            await self._error(
                sid, request_id, f"unsupported outputFormat {output_format}"
            )
            return
        voice_id = str(message.get("voiceId") or "")
        # Encoding is CPU work; keep the server's loop (the test's loop) free.
        audio = await asyncio.to_thread(synthesize_audio, text, voice_id, output_format)
        for start in range(0, len(audio), AUDIO_CHUNK_BYTES):
            chunk = base64.b64encode(audio[start : start + AUDIO_CHUNK_BYTES]).decode(
                "ascii"
            )
            await self._message(
                sid, {"type": "audio", "requestId": request_id, "audio": chunk}
            )
        await self._message(sid, {"type": "audio_end", "requestId": request_id})

    async def _error(self, sid: str, request_id: str, text: str) -> None:
        await self._message(
            sid, {"type": "error", "requestId": request_id, "message": text}
        )

    async def _message(self, sid: str, payload: dict) -> None:
        assert self._sio is not None
        await self._sio.emit("message", payload, to=sid, namespace=NAMESPACE)
