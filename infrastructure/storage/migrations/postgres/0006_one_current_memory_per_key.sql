-- At most one active (current) memory per user and key.
--
-- Consolidation reads a slot's current row, then writes; two worker processes
-- doing that at once could both insert, leaving two "current" values of one
-- fact. The unique index below makes the database refuse the second one
-- (the store reports a write conflict and the service decides again).
--
-- Rows that already break the rule are resolved first, deterministically: per
-- (user, key) the newest active row (created_at, then insertion order) stays
-- current and every older active row becomes its superseded history - the
-- same choice consolidation makes ("the newest statement wins").
WITH ranked AS (
    SELECT id,
           first_value(id) OVER (PARTITION BY user_id, key ORDER BY created_at DESC, seq DESC) AS winner
      FROM memories
     WHERE key IS NOT NULL AND superseded_by IS NULL
)
UPDATE memories AS m
   SET superseded_by = ranked.winner
  FROM ranked
 WHERE m.id = ranked.id AND ranked.id <> ranked.winner;

CREATE UNIQUE INDEX memories_one_current_per_key ON memories (user_id, key)
    WHERE superseded_by IS NULL AND key IS NOT NULL;
