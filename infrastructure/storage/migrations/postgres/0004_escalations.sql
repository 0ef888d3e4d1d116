-- Safety escalations: a crisis signal heard in a session, kept for the user and
-- delivered to the configured webhook at least once (delivered_at NULL = pending).
CREATE TABLE escalations (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL,
    session_id   uuid,
    category     text NOT NULL,
    confidence   real NOT NULL,
    stage        text NOT NULL,
    rule         text,
    text         text,
    created_at   timestamptz NOT NULL,
    delivered_at timestamptz
);
CREATE INDEX escalations_user_created ON escalations (user_id, created_at DESC);
CREATE INDEX escalations_pending ON escalations (created_at) WHERE delivered_at IS NULL;

-- A Supabase client with the user's JWT may read its own records; only the
-- service writes them (a user cannot quietly delete a safety record; erasure
-- goes through the service, which removes them with everything else).
REVOKE ALL ON escalations FROM anon;
GRANT SELECT ON escalations TO authenticated;
ALTER TABLE escalations ENABLE ROW LEVEL SECURITY;
CREATE POLICY escalations_owner_reads ON escalations FOR SELECT TO authenticated
    USING (user_id = (SELECT auth.uid()));
