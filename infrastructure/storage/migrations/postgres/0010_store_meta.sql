-- Store-wide settings, one row each. `embedding_model`: the model whose vectors
-- the memories hold (another model's vectors are not comparable with them).
-- Only the service connection (the table owner) reads it: RLS on, no policy.
CREATE TABLE IF NOT EXISTS store_meta (
    name text PRIMARY KEY,
    value text NOT NULL
);
ALTER TABLE store_meta ENABLE ROW LEVEL SECURITY;
