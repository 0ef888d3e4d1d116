-- The memory list reads active memories newest first. Without statistics (a
-- table just loaded) the planner scanned all of a user's rows and sorted them
-- (10k memories: ~17-25 ms a page); this partial index returns them in order
-- whatever the statistics (~1-3 ms a page), and carries kind for the episode filter.
CREATE INDEX memories_user_listing ON memories (user_id, created_at DESC, seq DESC) INCLUDE (kind)
    WHERE superseded_by IS NULL;
