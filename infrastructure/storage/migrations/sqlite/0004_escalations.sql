-- Safety escalations: a crisis signal heard in a session, kept for the user and
-- delivered to the configured webhook at least once (delivered_at NULL = pending).
CREATE TABLE escalations (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL,
    session_id   TEXT,
    category     TEXT NOT NULL,
    confidence   REAL NOT NULL,
    stage        TEXT NOT NULL,
    rule         TEXT,
    text         TEXT,
    created_at   TEXT NOT NULL,
    delivered_at TEXT
);
CREATE INDEX escalations_user_created ON escalations (user_id, created_at DESC);
CREATE INDEX escalations_pending ON escalations (created_at) WHERE delivered_at IS NULL;
