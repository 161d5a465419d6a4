-- 008_search_listed.sql: the search's count reads the word index only.
--
-- A search's total (lib/cand.c cand_list, CAND_COUNT_MATCHES) joined
-- every match in name_words to its candidate row to read listed, then
-- de-duplicated: 4 ms for "jans" in an organisation of 60,000 at
-- 1,000,000 candidates, growing with the matches.  Now:
--
-- name_words.listed: for a candidate's own words (kind 'c') the list the
-- candidate is on, as candidates.listed (l live, a archived; a deleted
-- candidate's words are removed, lib/eoi.c).  The writes that set
-- candidates.listed set it in the same transaction (lib/names.c
-- names_index and names_relist, called by lib/eoi.c and lib/progress.c;
-- refportal-admin's loads).  A referrer's words (kind 'r') belong to no
-- list: they always hold 'l', and their lookups say listed = 'l' so that
-- the key's range on word stays a range.
--
-- The key leads with (org_id, kind, listed, word), so that the count of
-- one list's candidates whose own name has a word starting with a prefix
-- is a range of the primary key, and the matches of one list come out of
-- it without reading the candidates.  All the words of a candidate have
-- the same listed, so the key still keeps one row per word (collation-
-- equal words are one).
--
-- candidates.cand_referrer_listed: the candidates of a referrer, by list,
-- for the half of a search matched by the referrer's name (index only).
-- It replaces cand_referrer (referrer_id), its prefix, which the foreign
-- key and the referrers page's counts use as well.
ALTER TABLE name_words
  ADD COLUMN listed CHAR(1) CHARACTER SET ascii NOT NULL DEFAULT 'l' AFTER kind;
-- The count no longer reads the rows: words of no candidate, or of a
-- deleted one, would count (a delete removes them; none should be left).
DELETE w FROM name_words w LEFT JOIN candidates c ON c.id = w.ref_id
  WHERE w.kind = 'c' AND (c.id IS NULL OR c.deleted_at IS NOT NULL);
UPDATE name_words w JOIN candidates c ON c.id = w.ref_id
  SET w.listed = c.listed
  WHERE w.kind = 'c' AND c.listed <> 'l';
ALTER TABLE name_words
  DROP PRIMARY KEY,
  ADD PRIMARY KEY (org_id, kind, listed, word, ref_id);
ALTER TABLE candidates
  ADD KEY cand_referrer_listed (referrer_id, listed, id),
  DROP KEY cand_referrer;
