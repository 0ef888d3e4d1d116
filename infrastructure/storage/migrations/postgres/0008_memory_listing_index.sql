-- The memory list reads active memories newest first. Without statistics (a
-- table just loaded) the planner scanned all of a user's rows and sorted them
-- (10k memories: ~17-25 ms a page); this partial index returns them in order
-- whatever the statistics (~1-3 ms a page). It carries kind (the episode
-- filter) and id, so the rows an OFFSET skips are read from the index alone
-- (an index-only scan once the table is vacuumed), not from the wide heap rows.
CREATE INDEX memories_user_listing ON memories (user_id, created_at DESC, seq DESC) INCLUDE (kind, id)
    WHERE superseded_by IS NULL;
