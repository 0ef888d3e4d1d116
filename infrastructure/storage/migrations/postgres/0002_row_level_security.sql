-- Row-level security for Supabase: a client holding a user's JWT (role
-- `authenticated`) reaches only rows whose user_id is auth.uid(); `anon`
-- reaches nothing. The service connection (table owner) is not subject to RLS.
--
-- Plain PostgreSQL has no `auth` schema and no Supabase roles, so they are
-- created here only when missing. The stub auth.uid() reads the JWT subject
-- the way Supabase's own does (request.jwt.claim.sub, or request.jwt.claims).

DO $do$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN
        BEGIN
            CREATE ROLE anon NOLOGIN NOINHERIT;
        EXCEPTION WHEN duplicate_object THEN NULL;  -- created concurrently by another database
        END;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN
        BEGIN
            CREATE ROLE authenticated NOLOGIN NOINHERIT;
        EXCEPTION WHEN duplicate_object THEN NULL;
        END;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'auth') THEN
        CREATE SCHEMA auth;
        GRANT USAGE ON SCHEMA auth TO anon, authenticated;
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'auth' AND p.proname = 'uid'
    ) THEN
        CREATE FUNCTION auth.uid() RETURNS uuid
            LANGUAGE sql STABLE
            AS $fn$
                SELECT coalesce(
                    nullif(current_setting('request.jwt.claim.sub', true), ''),
                    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
                )::uuid
            $fn$;
        GRANT EXECUTE ON FUNCTION auth.uid() TO anon, authenticated;
    END IF;
END
$do$;

GRANT USAGE ON SCHEMA public TO authenticated;
GRANT SELECT, INSERT, UPDATE, DELETE ON users, profiles, memories, sessions, turns TO authenticated;
GRANT USAGE ON SEQUENCE memories_seq_seq, turns_seq_seq TO authenticated;
-- Supabase grants every public table to anon by default; take that back explicitly.
REVOKE ALL ON users, profiles, memories, sessions, turns, schema_migrations FROM anon;
REVOKE ALL ON schema_migrations FROM authenticated;

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE memories ENABLE ROW LEVEL SECURITY;
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE turns ENABLE ROW LEVEL SECURITY;
-- Not a user table, but it lives in the exposed schema: no policy means no access.
ALTER TABLE schema_migrations ENABLE ROW LEVEL SECURITY;

-- (SELECT auth.uid()) is evaluated once per statement, not once per row.
CREATE POLICY users_owner ON users FOR ALL TO authenticated
    USING (id = (SELECT auth.uid())) WITH CHECK (id = (SELECT auth.uid()));
CREATE POLICY profiles_owner ON profiles FOR ALL TO authenticated
    USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY memories_owner ON memories FOR ALL TO authenticated
    USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY sessions_owner ON sessions FOR ALL TO authenticated
    USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()));
CREATE POLICY turns_owner ON turns FOR ALL TO authenticated
    USING (user_id = (SELECT auth.uid())) WITH CHECK (user_id = (SELECT auth.uid()));
