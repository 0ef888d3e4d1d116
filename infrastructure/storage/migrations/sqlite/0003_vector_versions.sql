-- Change counters for the in-process vector cache. Every write that changes a
-- user's searchable vectors stamps the user with the next value of a global
-- sequence; a process whose cached matrix carries an older stamp reloads it,
-- so writes from other processes (or other store instances) are never missed.
-- A global sequence (not a per-user count) keeps stamps unique even after a
-- user is erased and starts over.
INSERT OR IGNORE INTO store_meta (name, value) VALUES ('vector_seq', 0);

CREATE TABLE vector_versions (
    user_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
