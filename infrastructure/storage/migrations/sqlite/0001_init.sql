-- Companion schema for the embedded SQLite backend.
-- Timestamps are ISO-8601 UTC text of fixed width, so text order is time order.
-- Embeddings are little-endian float32 BLOBs; vector search runs in-process.
-- There are no foreign keys to users: rows can be written before the user row
-- (the batcher does), and delete_user erases every table explicitly.

CREATE TABLE IF NOT EXISTS store_meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id           TEXT PRIMARY KEY,
    display_name TEXT,
    metadata     TEXT NOT NULL DEFAULT '{}',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE profiles (
    user_id    TEXT PRIMARY KEY,
    data       TEXT NOT NULL DEFAULT '{}',
    summary    TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE memories (
    -- An explicit rowid alias: FTS5 points at it, and VACUUM must not renumber it.
    seq              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    user_id          TEXT NOT NULL,
    kind             TEXT NOT NULL,
    key              TEXT,
    content          TEXT NOT NULL,
    importance       REAL NOT NULL,
    embedding        BLOB,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    occurred_at      TEXT,
    source           TEXT NOT NULL,
    session_id       TEXT,
    access_count     INTEGER NOT NULL DEFAULT 0,
    last_accessed_at TEXT,
    superseded_by    TEXT,
    metadata         TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX memories_user_created ON memories (user_id, created_at DESC, seq DESC);
CREATE INDEX memories_user_key ON memories (user_id, key);

-- External-content FTS5 index over memories.content, kept in sync by triggers.
CREATE VIRTUAL TABLE memories_fts USING fts5(
    content,
    content = 'memories',
    content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories BEGIN
    INSERT INTO memories_fts (rowid, content) VALUES (new.seq, new.content);
END;
CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN
    INSERT INTO memories_fts (memories_fts, rowid, content) VALUES ('delete', old.seq, old.content);
END;
CREATE TRIGGER memories_fts_update AFTER UPDATE OF content ON memories BEGIN
    INSERT INTO memories_fts (memories_fts, rowid, content) VALUES ('delete', old.seq, old.content);
    INSERT INTO memories_fts (rowid, content) VALUES (new.seq, new.content);
END;

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    ended_at     TEXT,
    summary      TEXT,
    open_threads TEXT NOT NULL DEFAULT '[]',
    metadata     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX sessions_user_started ON sessions (user_id, started_at DESC);

CREATE TABLE turns (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    user_id    TEXT NOT NULL,
    session_id TEXT NOT NULL,
    role       TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX turns_user_created ON turns (user_id, created_at DESC, seq DESC);
CREATE INDEX turns_user_session ON turns (user_id, session_id, created_at DESC, seq DESC);
