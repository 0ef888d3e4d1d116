-- Lexical search reads an episode's neighbour turns too (services.episodic_memory):
-- a question often takes its words from what one speaker asked and its answer
-- from what the other said. The memory's own words are weight A, the neighbour
-- text (metadata->>'context') weight D; lexical search ranks with
-- ts_rank('{0.5,0.2,0.4,1.0}', ...), so a neighbour's word counts half as much
-- and, of a turn and its neighbours, the turn that holds the words ranks first.
CREATE OR REPLACE FUNCTION memory_search_terms_sync() RETURNS trigger
    LANGUAGE plpgsql
    AS $fn$
DECLARE
    terms tsvector := setweight(NEW.content_tsv, 'A')
        || setweight(to_tsvector('english', coalesce(NEW.metadata->>'context', '')), 'D');
BEGIN
    INSERT INTO memory_search_terms (memory_id, user_id, active, created_at, content_tsv)
    VALUES (NEW.id, NEW.user_id, NEW.superseded_by IS NULL, NEW.created_at, terms)
    ON CONFLICT (memory_id) DO UPDATE SET
        user_id = EXCLUDED.user_id,
        active = EXCLUDED.active,
        created_at = EXCLUDED.created_at,
        content_tsv = EXCLUDED.content_tsv;
    RETURN NULL;
END
$fn$;

DROP TRIGGER memories_search_terms_sync ON memories;
CREATE TRIGGER memories_search_terms_sync
    AFTER INSERT OR UPDATE OF content, metadata, superseded_by, created_at, user_id ON memories
    FOR EACH ROW EXECUTE FUNCTION memory_search_terms_sync();

UPDATE memory_search_terms AS t
SET content_tsv = setweight(m.content_tsv, 'A')
    || setweight(to_tsvector('english', coalesce(m.metadata->>'context', '')), 'D')
FROM memories AS m
WHERE m.id = t.memory_id;
