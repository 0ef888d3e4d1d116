-- Full-text search runs on the voice path; memory writes go through the
-- batcher in the background. With GIN's default fastupdate, new rows wait in
-- an unsorted pending list that EVERY search scans linearly until a vacuum
-- merges it: measured 12.8 ms in the index scan of one lexical search over
-- 10k freshly written memories, 0.16 ms once merged. Writes pay instead (a
-- few index pages per row, off the reply path).
ALTER INDEX memories_content_tsv SET (fastupdate = off);
-- Merge what an existing database already holds in its pending list.
SELECT gin_clean_pending_list('memories_content_tsv');
