-- The memory list shows what was learned, not the recorded turns (episodes),
-- and episodes are most of a user's rows (every turn of every session): at 10k
-- memories ~84 % of them. 0007's index lets SQLite skip them without reading
-- their rows, but it still walks their entries (offset 450: ~1,700 of them,
-- ~0.44 ms a page). This index holds only the rows the list can show, so a
-- page reads offset + limit entries (~0.12 ms). The list query states the
-- episode filter as a literal so the planner can match this predicate. A list
-- of one kind has its own index.
CREATE INDEX memories_user_recent_facts ON memories (user_id, created_at DESC, seq DESC)
    WHERE superseded_by IS NULL AND kind <> 'episode';
CREATE INDEX memories_user_kind_recent ON memories (user_id, kind, created_at DESC, seq DESC)
    WHERE superseded_by IS NULL;
