"""Loading LoCoMo-format conversations for retrieval benchmarks.

Any file in the LoCoMo format works: a JSON list of conversations, each with
``conversation`` (``speaker_a``, ``speaker_b``, ``session_N_date_time``,
``session_N`` turn lists) and ``qa`` (question, answer, evidence dia_ids,
category). Annotations (``observation``, summaries) are never read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

# LoCoMo question categories.
CATEGORY_NAMES = {1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop", 5: "adversarial"}
RETRIEVAL_CATEGORIES = (1, 2, 3, 4)  # 5 has no answer in the conversation

_SESSION_KEY_RE = re.compile(r"^session_(\d+)$")
_DIA_ID_RE = re.compile(r"D\s*:?\s*(\d+)\s*:\s*(\d+)")


@dataclass(slots=True)
class DialogueTurn:
    dia_id: str
    speaker: str
    text: str
    session: int
    position: int  # index within the whole conversation, in order
    time: datetime | None
    caption: str | None = None


@dataclass(slots=True)
class Question:
    question: str
    answer: str
    evidence: list[str]
    category: int


@dataclass(slots=True)
class Conversation:
    sample_id: str
    speakers: tuple[str, ...]
    turns: list[DialogueTurn]
    questions: list[Question] = field(default_factory=list)

    @property
    def last_time(self) -> datetime | None:
        times = [turn.time for turn in self.turns if turn.time is not None]
        return max(times) if times else None


def parse_session_time(value: str | None) -> datetime | None:
    """'1:56 pm on 8 May, 2023' -> aware UTC datetime (None if unparseable)."""
    if not value:
        return None
    cleaned = " ".join(value.replace(",", " ").split())
    for pattern in ("%I:%M %p on %d %B %Y", "%I:%M %p on %d %b %Y", "%d %B %Y", "%B %d %Y"):
        try:
            return datetime.strptime(cleaned, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def normalise_dia_ids(raw: list[str] | str) -> list[str]:
    """Evidence ids as 'D<session>:<turn>'; tolerates 'D8:6; D9:17' and 'D:11:26'."""
    items = raw if isinstance(raw, list) else [raw]
    found: list[str] = []
    for item in items:
        for session, turn in _DIA_ID_RE.findall(str(item)):
            dia_id = f"D{int(session)}:{int(turn)}"
            if dia_id not in found:
                found.append(dia_id)
    return found


def load_conversations(path: str | Path) -> list[Conversation]:
    """Parse every conversation in a LoCoMo-format JSON file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list of conversations")  # noqa: TRY004 - bad file content
    conversations = []
    for number, item in enumerate(data):
        conversation = item["conversation"]
        sessions = sorted(
            (int(match.group(1)), key)
            for key in conversation
            if (match := _SESSION_KEY_RE.match(key)) and isinstance(conversation[key], list)
        )
        turns: list[DialogueTurn] = []
        for session, key in sessions:
            when = parse_session_time(conversation.get(f"{key}_date_time"))
            for raw in conversation[key]:
                caption = raw.get("blip_caption")
                turns.append(
                    DialogueTurn(
                        dia_id=normalise_dia_ids(raw["dia_id"])[0] if normalise_dia_ids(raw["dia_id"]) else raw["dia_id"],
                        speaker=str(raw.get("speaker", "")),
                        text=str(raw.get("text", "")),
                        session=session,
                        position=len(turns),
                        time=when,
                        caption=caption if isinstance(caption, str) and caption.strip() else None,
                    )
                )
        speakers = tuple(
            name for name in (conversation.get("speaker_a"), conversation.get("speaker_b")) if name
        )
        questions = [
            Question(
                question=str(qa["question"]),
                answer=str(qa.get("answer", qa.get("adversarial_answer", ""))),
                evidence=normalise_dia_ids(qa.get("evidence", [])),
                category=int(qa.get("category", 0)),
            )
            for qa in item.get("qa", [])
        ]
        conversations.append(
            Conversation(
                sample_id=str(item.get("sample_id", f"conv-{number}")),
                speakers=speakers,
                turns=turns,
                questions=questions,
            )
        )
    return conversations
