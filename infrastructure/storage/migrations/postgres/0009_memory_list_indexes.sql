-- The memory list shows what was learned, not the recorded turns (episodes),
-- and episodes are most of a user's rows (every turn of every session): at 10k
-- memories ~84 % of them. Walking 0008's index, a page at offset 450 read
-- ~1,700 entries and their heap rows to keep 500 (~2.2 ms); this index holds
-- only the rows the list can show, so it reads exactly offset + limit of them
-- (~0.7 ms). The list query states the episode filter as a literal so the
-- planner can match this predicate. A list of one kind has its own index.
-- 0008's index was never chosen over memories_user_created once statistics
-- existed (its index-only scan needs a vacuumed table); these replace it.
CREATE INDEX memories_user_recent_facts ON memories (user_id, created_at DESC, seq DESC) INCLUDE (id)
    WHERE superseded_by IS NULL AND kind <> 'episode';
CREATE INDEX memories_user_kind_recent ON memories (user_id, kind, created_at DESC, seq DESC) INCLUDE (id)
    WHERE superseded_by IS NULL;
DROP INDEX memories_user_listing;
