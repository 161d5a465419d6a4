-- 007_listed_column.sql: listed becomes a plain column the writes keep.
--
-- sql/004 made listed a PERSISTENT generated column.  MariaDB then reads
-- the list's indexes as covering only on some of its table instances: in
-- a prepared statement run after others that opened candidates (a search
-- before page 100, say), each index entry skipped by an OFFSET also read
-- its row, three times the work.  As a plain column the indexes always
-- cover.  The writes set it with the expression sql/004 gave it:
-- IF(deleted_at IS NOT NULL, 'd', IF(status = 'archived', 'a', 'l'))
-- (lib/eoi.c on insert and delete, lib/progress.c with the status,
-- refportal-admin's loads).
ALTER TABLE candidates
  ADD COLUMN listed_plain CHAR(1) CHARACTER SET ascii NOT NULL DEFAULT 'l';
UPDATE candidates SET listed_plain = listed;
ALTER TABLE candidates
  DROP KEY cand_org_listed_updated,
  DROP KEY cand_org_listed_name,
  DROP KEY cand_org_listed_eoi,
  DROP KEY cand_org_site_listed_updated,
  DROP COLUMN listed;
ALTER TABLE candidates
  CHANGE listed_plain listed CHAR(1) CHARACTER SET ascii NOT NULL DEFAULT 'l',
  ADD KEY cand_org_listed_updated (org_id, listed, updated_at, id),
  ADD KEY cand_org_listed_name (org_id, listed, name, id),
  ADD KEY cand_org_listed_eoi (org_id, listed, eoi_at, id),
  ADD KEY cand_org_site_listed_updated (org_id, site_id, listed, updated_at, id);
