"""Crisis resources per locale, from the versioned ``services/data/crisis_resources.json``.

A locale that is not in the file falls back through its aliases ("ur" ->
"ur-PK") and its language ("en-AU" -> "en" -> "en-US"), and finally to the
international entry, so a crisis turn always gets something to say.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.errors import ConfigurationError

DEFAULT_RESOURCES_PATH = Path(__file__).parent / "data" / "crisis_resources.json"
INTERNATIONAL = "international"


@dataclass(frozen=True, slots=True)
class CrisisLine:
    name: str
    categories: tuple[str, ...]
    phone: str | None = None
    sms: str | None = None
    url: str | None = None
    source: str | None = None
    checked: str | None = None

    def spoken(self) -> str:
        """One line the LLM can say: name and how to reach it."""
        ways = [f"call {self.phone}" if self.phone else "", f"text {self.sms}" if self.sms and self.sms != self.phone else ""]
        if self.sms and self.sms == self.phone:
            ways[0] = f"call or text {self.phone}"
        reach = ", ".join(w for w in ways if w) or (self.url or "")
        site = f" ({self.url})" if self.url and reach != self.url else ""
        return f"{self.name}: {reach}{site}"


@dataclass(frozen=True, slots=True)
class LocaleResources:
    locale: str
    emergency: str
    lines: tuple[CrisisLine, ...]

    def for_category(self, category: str) -> list[CrisisLine]:
        """Lines for ``category``; every line when none is specific to it."""
        matching = [line for line in self.lines if category in line.categories]
        return matching or list(self.lines)


class CrisisResources:
    """The loaded resource file."""

    def __init__(self, version: str, locales: dict[str, LocaleResources], aliases: dict[str, str]) -> None:
        if INTERNATIONAL not in locales:
            raise ConfigurationError("crisis resources need an 'international' entry")
        self.version = version
        self._locales = locales
        self._aliases = aliases

    @classmethod
    def load(cls, path: Path = DEFAULT_RESOURCES_PATH) -> CrisisResources:
        try:
            raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            locales = {
                name: LocaleResources(
                    name,
                    str(entry["emergency"]),
                    tuple(
                        CrisisLine(
                            name=str(line["name"]),
                            categories=tuple(line.get("categories") or ()),
                            phone=line.get("phone"),
                            sms=line.get("sms"),
                            url=line.get("url"),
                            source=line.get("source"),
                            checked=line.get("checked"),
                        )
                        for line in entry["lines"]
                    ),
                )
                for name, entry in raw["locales"].items()
            }
            return cls(str(raw["version"]), locales, dict(raw.get("aliases") or {}))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigurationError(f"crisis resources file {path} is unreadable: {exc}") from exc

    def for_locale(self, locale: str | None) -> LocaleResources:
        wanted = (locale or "").strip().replace("_", "-")
        candidates = [wanted, self._aliases.get(wanted, "")]
        language = wanted.split("-", 1)[0]
        candidates += [language, self._aliases.get(language, "")]
        for name in candidates:
            for key, value in self._locales.items():
                if name and key.lower() == name.lower():
                    return value
        return self._locales[INTERNATIONAL]
