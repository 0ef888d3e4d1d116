"""Erasure is final: what an erasure reports, and the fence around work in flight.

The store refuses any row for an erased id inside the writing transaction
(see ``infrastructure.storage.base``), so work racing an erasure either lands
before it and is erased with the rest, or is refused. That alone would let
work begun *before* an erasure write into the id once it starts over as a new
user. So work captures the id's generation when it starts
(``begin_user_work``) and checks it is still current just before writing
(``check_user_work``): an erasure in between, in this process or any other,
ends that generation and the write fails with ``UserErasedError``.

Re-using an id: after an erasure the id is fenced until something explicitly
starts it over (``UserService.ensure_profile_exists(..., restart_erased=True)``,
which the agent calls when a person opens a new session). The new user begins
empty, in the generation the erasure began; nothing captured earlier can
write into it.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.errors import UserErasedError
from infrastructure.storage.base import MemoryStore


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """What ``UserService.delete_user`` did.

    ``existed``: the store held rows for the user. ``generation``: the
    generation the erasure began (writes captured under an earlier one are
    refused). ``unreached``: the parts the erasure could not confirm, each as
    a short sentence (e.g. the shared cache while Redis is down, which holds
    only vectors of the user's words, never the profile: the purge is
    replayed when Redis returns). Empty means everything was reached.
    """

    user_id: str
    existed: bool
    generation: int
    unreached: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """True when every part was reached."""
        return not self.unreached


async def begin_user_work(store: MemoryStore, user_id: str) -> int:
    """The id's current generation, for work about to write for it; raises
    ``UserErasedError`` if the id is erased now."""
    state = await store.user_generation(user_id)
    if state.erased:
        raise UserErasedError(user_id)
    return state.generation


async def check_user_work(store: MemoryStore, user_id: str, generation: int) -> None:
    """Raise ``UserErasedError`` if the id was erased since ``generation`` was
    captured (even if it has started over since): the work must not write."""
    state = await store.user_generation(user_id)
    if state.erased or state.generation != generation:
        raise UserErasedError(user_id)
