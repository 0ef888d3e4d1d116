-- Erasure is final: one row per user id that was ever erased.
--
-- delete_user bumps `generation` and sets `erased_at` in the transaction that
-- deletes the user's rows; until the id is explicitly started over (erased_at
-- back to NULL), the triggers below refuse any row for it.
--
-- Under READ COMMITTED a plain check would race: an insert whose trigger ran
-- before the erasure committed would land after it. So the erasure takes an
-- exclusive transaction-scoped advisory lock on the user id and every fenced
-- insert a shared one: an insert that got in first finishes before the
-- erasure's DELETEs run (and is deleted by them); one that comes later waits,
-- then sees the committed tombstone and is refused. (Key: this namespace and
-- hashtext(user id); a collision only makes two users wait for each other.)
CREATE TABLE user_generations (
    user_id    uuid PRIMARY KEY,
    generation bigint NOT NULL,
    erased_at  timestamptz
);

-- SECURITY DEFINER: a Supabase client's role needs no access to the table for
-- its own inserts to be checked, and cannot lift its own tombstone.
CREATE FUNCTION erasure_fence_check(owner uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
    AS $fn$
BEGIN
    PERFORM pg_advisory_xact_lock_shared(1131376240, hashtext(owner::text));
    IF EXISTS (SELECT 1 FROM user_generations WHERE user_id = owner AND erased_at IS NOT NULL) THEN
        RAISE EXCEPTION 'companion: user % was erased', owner USING ERRCODE = 'CE001';
    END IF;
END
$fn$;

CREATE FUNCTION erasure_fence_user_id() RETURNS trigger
    LANGUAGE plpgsql
    AS $fn$
BEGIN
    PERFORM erasure_fence_check(NEW.user_id);
    RETURN NEW;
END
$fn$;

CREATE FUNCTION erasure_fence_id() RETURNS trigger
    LANGUAGE plpgsql
    AS $fn$
BEGIN
    PERFORM erasure_fence_check(NEW.id);
    RETURN NEW;
END
$fn$;

CREATE TRIGGER users_erasure_fence BEFORE INSERT ON users
    FOR EACH ROW EXECUTE FUNCTION erasure_fence_id();
CREATE TRIGGER profiles_erasure_fence BEFORE INSERT ON profiles
    FOR EACH ROW EXECUTE FUNCTION erasure_fence_user_id();
CREATE TRIGGER memories_erasure_fence BEFORE INSERT ON memories
    FOR EACH ROW EXECUTE FUNCTION erasure_fence_user_id();
CREATE TRIGGER sessions_erasure_fence BEFORE INSERT ON sessions
    FOR EACH ROW EXECUTE FUNCTION erasure_fence_user_id();
CREATE TRIGGER turns_erasure_fence BEFORE INSERT ON turns
    FOR EACH ROW EXECUTE FUNCTION erasure_fence_user_id();
CREATE TRIGGER escalations_erasure_fence BEFORE INSERT ON escalations
    FOR EACH ROW EXECUTE FUNCTION erasure_fence_user_id();

-- Not a table for clients: no grants, RLS on with no policy (as schema_migrations).
REVOKE ALL ON user_generations FROM anon, authenticated;
ALTER TABLE user_generations ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON FUNCTION erasure_fence_check(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erasure_fence_check(uuid) TO authenticated;
