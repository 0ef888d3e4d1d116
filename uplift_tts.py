"""Text-to-speech for the agent: Uplift AI with OpenAI as the fallback, or
OpenAI alone.

Uplift is reached through the maintained ``livekit-plugins-upliftai`` plugin
(socket.io over a websocket). With ``TTS_PROVIDER=uplift`` the agent speaks
through ``tts.FallbackAdapter([uplift, openai])``, so a failing Uplift
connection falls over to OpenAI TTS instead of leaving the user in silence.

Every setting comes from ``core.config.Settings``; the plugins' own
environment look-ups (``UPLIFTAI_API_KEY``, ``OPENAI_API_KEY``) are bypassed
by always passing explicit values. Depends on livekit and core only.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any, get_args

from core.config import Settings
from core.errors import ConfigurationError

if TYPE_CHECKING:
    import openai
    from livekit.agents import tts
    from livekit.plugins import upliftai

logger = logging.getLogger(__name__)

# Local OpenAI-compatible servers ignore the key, but the client insists on one.
_PLACEHOLDER_OPENAI_KEY = "not-needed-for-local-server"

# A retry of a failed provider costs the user ~2 s of silence
# (APIConnectOptions.retry_interval); switching to the next provider is
# faster, and the adapter keeps probing the failed one in the background.
DEFAULT_FALLBACK_RETRIES = 0


def _owning_fallback_adapter(
    instances: list[tts.TTS], max_retry_per_tts: int
) -> tts.TTS:
    """A FallbackAdapter that also closes the engines it wraps: livekit's
    adapter leaves them open, which would leak Uplift's websocket and the
    OpenAI HTTP client when the agent closes its TTS."""
    from livekit.agents import tts as lk_tts

    class OwningFallbackAdapter(lk_tts.FallbackAdapter):
        async def aclose(self) -> None:
            await super().aclose()
            for instance in instances:
                await instance.aclose()

    return OwningFallbackAdapter(instances, max_retry_per_tts=max_retry_per_tts)


@functools.cache
def _closing_uplift_tts() -> type[upliftai.TTS]:
    """The Uplift plugin's TTS with a socket client that closes what it opens.

    The plugin's ``WebSocketClient`` drops a socket.io client whose connection
    failed, or that a new attempt replaces, without closing it, and its
    ``disconnect`` closes only a connected one: every failed connection to
    Uplift (a wrong key, an outage, each retry while the fallback serves) left
    an aiohttp session and its connector open until garbage collection. Here
    every attempt closes the client before it, a failed attempt closes its
    own, ``disconnect`` closes whatever is there, and attempts take turns (the
    fallback adapter may probe Uplift while a stream is connecting)."""
    import asyncio

    from livekit.plugins import upliftai
    from livekit.plugins.upliftai.tts import WebSocketClient

    class ClosingWebSocketClient(WebSocketClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._attempts = asyncio.Lock()

        async def connect(self) -> bool:
            async with self._attempts:
                if self.connected:
                    return True
                await self._close_socket()
                connected = bool(await super().connect())
                if not connected:
                    await self._close_socket()
                return connected

        async def disconnect(self) -> None:
            await super().disconnect()
            await self._close_socket()

        async def _close_socket(self) -> None:
            socket, self.sio = self.sio, None
            self.connected = False
            if socket is None:
                return
            try:
                await socket.shutdown()  # stops its own reconnection attempts
                await socket.eio.disconnect(abort=True)  # closes its aiohttp session
            except Exception:  # closing must never fail a synthesis
                logger.debug("closing an Uplift socket failed", exc_info=True)

    class ClosingUpliftTTS(upliftai.TTS):
        # The plugin creates its client where it first needs one (and sets it
        # to None on close); a property makes every client it sets one of ours.
        @property
        def _client(self) -> WebSocketClient | None:
            return self.__dict__.get("_closing_client")

        @_client.setter
        def _client(self, client: WebSocketClient | None) -> None:
            if client is not None and not isinstance(client, ClosingWebSocketClient):
                client = ClosingWebSocketClient(client.opts)
            self.__dict__["_closing_client"] = client

    return ClosingUpliftTTS


def uplift_output_formats() -> tuple[str, ...]:
    """The output formats the Uplift plugin accepts."""
    from livekit.plugins.upliftai.tts import OutputFormat

    return get_args(OutputFormat)


def build_uplift_tts(settings: Settings) -> tts.TTS:
    """The Uplift TTS plugin configured from settings (``UPLIFT_API_KEY``,
    ``UPLIFT_BASE_URL``, ``UPLIFT_VOICE_ID``, ``UPLIFT_OUTPUT_FORMAT``,
    ``UPLIFT_PHRASE_REPLACEMENT_CONFIG_ID``).

    Raises ConfigurationError when the key is missing or the output format is
    not one Uplift offers. Nothing connects until the first synthesis.
    """
    from livekit.agents import NOT_GIVEN

    api_key = (
        settings.uplift_api_key.get_secret_value() if settings.uplift_api_key else ""
    )
    if not api_key.strip():
        raise ConfigurationError(
            "UPLIFT_API_KEY is not set: export it (or add it to .env) to speak through "
            "Uplift AI, or set TTS_PROVIDER=openai."
        )
    formats = uplift_output_formats()
    if settings.uplift_output_format not in formats:
        raise ConfigurationError(
            f"UPLIFT_OUTPUT_FORMAT={settings.uplift_output_format!r} is not an Uplift output "
            f"format; use one of: {', '.join(formats)}"
        )
    if not settings.uplift_voice_id.strip():
        raise ConfigurationError("UPLIFT_VOICE_ID is empty; set an Uplift voice id")

    from livekit.plugins.upliftai.tts import DEFAULT_BASE_URL

    phrase_config = settings.uplift_phrase_replacement_config_id
    return _closing_uplift_tts()(
        # Explicit so the plugin never falls back to its own env variables.
        base_url=settings.uplift_base_url or DEFAULT_BASE_URL,
        api_key=api_key,
        voice_id=settings.uplift_voice_id,
        output_format=settings.uplift_output_format,  # type: ignore[arg-type]
        phrase_replacement_config_id=phrase_config if phrase_config else NOT_GIVEN,
    )


def build_openai_tts(
    settings: Settings, *, openai_client: openai.AsyncOpenAI | None = None
) -> tts.TTS:
    """OpenAI (or any OpenAI-compatible) TTS: ``TTS_MODEL``, ``TTS_VOICE``,
    and ``TTS_BASE_URL`` (else ``OPENAI_BASE_URL``).

    A shared ``openai_client`` is used when no TTS-specific base URL is set.
    Raises ConfigurationError when neither a key nor a base URL is configured.
    """
    from livekit.plugins import openai as lk_openai

    if openai_client is not None and not settings.tts_base_url:
        return lk_openai.TTS(
            model=settings.tts_model, voice=settings.tts_voice, client=openai_client
        )

    base_url = settings.tts_base_url or settings.openai_base_url
    if settings.openai_api_key is not None:
        api_key = settings.openai_api_key.get_secret_value()
    elif base_url:
        api_key = _PLACEHOLDER_OPENAI_KEY
    else:
        raise ConfigurationError(
            "OPENAI_API_KEY is not set (or set TTS_BASE_URL / OPENAI_BASE_URL to an "
            "OpenAI-compatible server) for OpenAI text-to-speech"
        )
    from livekit.agents import NOT_GIVEN

    return lk_openai.TTS(
        model=settings.tts_model,
        voice=settings.tts_voice,
        base_url=base_url or NOT_GIVEN,
        api_key=api_key,
    )


def _openai_tts_configured(settings: Settings, openai_client: object | None) -> bool:
    return (
        openai_client is not None
        or settings.openai_api_key is not None
        or bool(settings.tts_base_url or settings.openai_base_url)
    )


def build_tts(
    settings: Settings,
    *,
    openai_client: openai.AsyncOpenAI | None = None,
    max_retry_per_tts: int = DEFAULT_FALLBACK_RETRIES,
) -> tts.TTS:
    """The agent's TTS for ``settings.tts_provider``.

    - ``"openai"``: OpenAI TTS (see ``build_openai_tts``).
    - ``"uplift"``: ``FallbackAdapter([uplift, openai])``; Uplift alone (with a
      warning) when no OpenAI endpoint is configured to fall back to.

    Raises ConfigurationError naming the missing variable.
    """
    if settings.tts_provider == "openai":
        return build_openai_tts(settings, openai_client=openai_client)
    if settings.tts_provider != "uplift":
        raise ConfigurationError(
            f"TTS_PROVIDER={settings.tts_provider!r} is not supported; use 'uplift' or 'openai'"
        )

    uplift = build_uplift_tts(settings)
    if not _openai_tts_configured(settings, openai_client):
        logger.warning(
            "TTS_PROVIDER=uplift without an OpenAI endpoint: speech has no fallback if Uplift fails"
        )
        return uplift
    fallback = build_openai_tts(settings, openai_client=openai_client)
    return _owning_fallback_adapter([uplift, fallback], max_retry_per_tts)
