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
CREATE TEMP TABLE current_key_losers AS
SELECT m.id,
       m.user_id,
       (SELECT w.id FROM memories AS w
         WHERE w.user_id = m.user_id AND w.key = m.key AND w.superseded_by IS NULL
         ORDER BY w.created_at DESC, w.seq DESC LIMIT 1) AS winner
  FROM memories AS m
 WHERE m.key IS NOT NULL AND m.superseded_by IS NULL
   AND EXISTS (SELECT 1 FROM memories AS n
                WHERE n.user_id = m.user_id AND n.key = m.key AND n.superseded_by IS NULL
                  AND (n.created_at > m.created_at OR (n.created_at = m.created_at AND n.seq > m.seq)));

UPDATE memories
   SET superseded_by = (SELECT winner FROM temp.current_key_losers AS l WHERE l.id = memories.id)
 WHERE id IN (SELECT id FROM temp.current_key_losers);

-- Search caches of running processes must reload those users (see 0003).
UPDATE store_meta SET value = value + 1
 WHERE name = 'vector_seq' AND EXISTS (SELECT 1 FROM temp.current_key_losers);
INSERT INTO vector_versions (user_id, version)
SELECT DISTINCT user_id, (SELECT value FROM store_meta WHERE name = 'vector_seq')
  FROM temp.current_key_losers WHERE true
    ON CONFLICT (user_id) DO UPDATE SET version = excluded.version;

DROP TABLE temp.current_key_losers;

CREATE UNIQUE INDEX memories_one_current_per_key ON memories (user_id, key)
    WHERE superseded_by IS NULL AND key IS NOT NULL;
