-- Companion schema for PostgreSQL / Supabase.
-- {{EMBEDDING_DIMENSIONS}} is replaced with the configured vector size when applied.
-- There are no foreign keys to users: rows can be written before the user row
-- (the batcher does), and delete_user erases every table explicitly.

CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE users (
    id           uuid PRIMARY KEY,
    display_name text,
    metadata     jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE profiles (
    user_id    uuid PRIMARY KEY,
    data       jsonb NOT NULL DEFAULT '{}'::jsonb,
    summary    text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memories (
    -- Insertion order: the tie-break when two rows share a timestamp.
    seq              bigint GENERATED ALWAYS AS IDENTITY,
    id               uuid PRIMARY KEY,
    user_id          uuid NOT NULL,
    kind             text NOT NULL,
    key              text,
    content          text NOT NULL,
    importance       double precision NOT NULL,
    embedding        vector({{EMBEDDING_DIMENSIONS}}),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    occurred_at      timestamptz,
    source           text NOT NULL,
    session_id       text,
    access_count     integer NOT NULL DEFAULT 0,
    last_accessed_at timestamptz,
    superseded_by    uuid,
    metadata         jsonb NOT NULL DEFAULT '{}'::jsonb,
    content_tsv      tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED
);
CREATE INDEX memories_user_created ON memories (user_id, created_at DESC, seq DESC);
CREATE INDEX memories_user_key ON memories (user_id, key);
-- Only active memories are searched, so only they are indexed.
CREATE INDEX memories_embedding_hnsw ON memories
    USING hnsw (embedding vector_cosine_ops) WHERE superseded_by IS NULL;
CREATE INDEX memories_content_tsv ON memories USING gin (content_tsv);

CREATE TABLE sessions (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL,
    started_at   timestamptz NOT NULL,
    ended_at     timestamptz,
    summary      text,
    open_threads jsonb NOT NULL DEFAULT '[]'::jsonb,
    metadata     jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX sessions_user_started ON sessions (user_id, started_at DESC);

CREATE TABLE turns (
    seq        bigint GENERATED ALWAYS AS IDENTITY,
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL,
    session_id uuid NOT NULL,
    role       text NOT NULL,
    text       text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX turns_user_created ON turns (user_id, created_at DESC, seq DESC);
CREATE INDEX turns_user_session ON turns (user_id, session_id, created_at DESC, seq DESC);
