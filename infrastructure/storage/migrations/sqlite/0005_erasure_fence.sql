-- Erasure is final.
--
-- 1. The FTS5 index is no longer read (lexical search runs on the in-process
--    term index), yet its triggers kept every word of every memory in FTS5
--    segments, where a delete only appends a tombstone: the erased words stayed
--    in the file. Dropping it (with secure_delete on) zeroes those pages.
DROP TRIGGER IF EXISTS memories_fts_insert;
DROP TRIGGER IF EXISTS memories_fts_delete;
DROP TRIGGER IF EXISTS memories_fts_update;
DROP TABLE IF EXISTS memories_fts_vocab;
DROP TABLE IF EXISTS memories_fts;

-- 2. One row per user id that was ever erased. delete_user bumps `generation`
--    and sets `erased_at` in the transaction that deletes the rows; until the
--    id is explicitly started over (erased_at back to NULL), the triggers below
--    refuse any row for it. They run inside the writing transaction, and SQLite
--    serialises writers, so a write racing the erasure either lands before it
--    (and is deleted by it) or is refused.
CREATE TABLE user_generations (
    user_id    TEXT PRIMARY KEY,
    generation INTEGER NOT NULL,
    erased_at  TEXT
);

CREATE TRIGGER users_erasure_fence BEFORE INSERT ON users
WHEN EXISTS (SELECT 1 FROM user_generations WHERE user_id = NEW.id AND erased_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'companion: user erased'); END;

CREATE TRIGGER profiles_erasure_fence BEFORE INSERT ON profiles
WHEN EXISTS (SELECT 1 FROM user_generations WHERE user_id = NEW.user_id AND erased_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'companion: user erased'); END;

CREATE TRIGGER memories_erasure_fence BEFORE INSERT ON memories
WHEN EXISTS (SELECT 1 FROM user_generations WHERE user_id = NEW.user_id AND erased_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'companion: user erased'); END;

CREATE TRIGGER sessions_erasure_fence BEFORE INSERT ON sessions
WHEN EXISTS (SELECT 1 FROM user_generations WHERE user_id = NEW.user_id AND erased_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'companion: user erased'); END;

CREATE TRIGGER turns_erasure_fence BEFORE INSERT ON turns
WHEN EXISTS (SELECT 1 FROM user_generations WHERE user_id = NEW.user_id AND erased_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'companion: user erased'); END;

CREATE TRIGGER escalations_erasure_fence BEFORE INSERT ON escalations
WHEN EXISTS (SELECT 1 FROM user_generations WHERE user_id = NEW.user_id AND erased_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'companion: user erased'); END;
