-- Full-text search gets a narrow table of its own.
--
-- A lexical search reads one heap row per matching memory (to rank it). In
-- `memories` every row carries its 1.5 KB embedding, so about four rows share
-- a page: a word found in ~2,000 of 100k memories touched ~1,900 scattered
-- pages, 16 ms per search, mostly reads past shared_buffers. Here a row is
-- what ranking needs (~100 bytes), so those pages stay few and cached.
-- A trigger keeps it in step with `memories`; deletes cascade.
CREATE TABLE memory_search_terms (
    memory_id   uuid PRIMARY KEY REFERENCES memories (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL,
    active      boolean NOT NULL,  -- superseded_by IS NULL
    created_at  timestamptz NOT NULL,
    content_tsv tsvector NOT NULL
);
-- fastupdate off: with GIN's default, fresh rows wait in an unsorted pending
-- list that EVERY search scans until a vacuum merges it (12.8 ms in the index
-- scan over 10k new memories, 0.16 ms once merged). Searches are on the voice
-- path; writes go through the background batcher, so writes pay instead.
CREATE INDEX memory_search_terms_tsv ON memory_search_terms
    USING gin (content_tsv) WITH (fastupdate = off);

CREATE FUNCTION memory_search_terms_sync() RETURNS trigger
    LANGUAGE plpgsql
    AS $fn$
BEGIN
    INSERT INTO memory_search_terms (memory_id, user_id, active, created_at, content_tsv)
    VALUES (NEW.id, NEW.user_id, NEW.superseded_by IS NULL, NEW.created_at, NEW.content_tsv)
    ON CONFLICT (memory_id) DO UPDATE SET
        user_id = EXCLUDED.user_id,
        active = EXCLUDED.active,
        created_at = EXCLUDED.created_at,
        content_tsv = EXCLUDED.content_tsv;
    RETURN NULL;
END
$fn$;
-- Not on access-count updates (every recall makes one): only what search reads.
CREATE TRIGGER memories_search_terms_sync
    AFTER INSERT OR UPDATE OF content, superseded_by, created_at, user_id ON memories
    FOR EACH ROW EXECUTE FUNCTION memory_search_terms_sync();

INSERT INTO memory_search_terms (memory_id, user_id, active, created_at, content_tsv)
SELECT id, user_id, superseded_by IS NULL, created_at, content_tsv FROM memories;

-- The wide table's full-text index is no longer read; keeping it would cost every write.
DROP INDEX memories_content_tsv;

-- Row-level security as for memories (0002): a user's JWT reaches only their rows.
GRANT SELECT, INSERT, UPDATE, DELETE ON memory_search_terms TO authenticated;
REVOKE ALL ON memory_search_terms FROM anon;
ALTER TABLE memory_search_terms ENABLE ROW LEVEL SECURITY;
CREATE POLICY memory_search_terms_owner ON memory_search_terms FOR ALL TO authenticated
    USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()));
