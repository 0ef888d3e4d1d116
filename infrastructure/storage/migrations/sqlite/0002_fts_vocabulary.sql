-- Per-term document counts of the FTS index. Lexical search looks query words
-- up here to skip words that occur in most rows: FTS5's bm25 gives them no
-- weight (idf <= 0), yet ranking every row they match would dominate the cost.
CREATE VIRTUAL TABLE memories_fts_vocab USING fts5vocab(memories_fts, 'row');
