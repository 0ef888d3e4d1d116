"""Voice-loop providers that run on this machine: the llama.cpp server for
the LLM (reached through the same OpenAI-compatible client as the cloud),
faster-whisper speech-to-text and Piper / espeak-ng text-to-speech as LiveKit
``stt.STT`` / ``tts.TTS`` plugins, where their weights come from, and the
choice between these and the cloud providers."""
