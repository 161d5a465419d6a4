-- 004_list_paging.sql: the list pages over one index range, in order.
--
-- The live list is status IN ('action', 'waiting', 'complete') AND
-- deleted_at IS NULL: an IN list over (org_id, status, updated_at) cannot
-- give the rows in updated_at order, so every page sorted all of an
-- organisation's candidates, and deleted_at sent each one to the table.
-- listed says which list a candidate is on (l live, a archive, d
-- deleted), kept by the server; with it a page is one range of an index
-- read in order, and the count one covering index range.
ALTER TABLE candidates
  ADD COLUMN listed CHAR(1) CHARACTER SET ascii
    AS (IF(deleted_at IS NOT NULL, 'd', IF(status = 'archived', 'a', 'l'))) PERSISTENT,
  ADD KEY cand_org_listed_updated (org_id, listed, updated_at, id),
  ADD KEY cand_org_listed_name (org_id, listed, name, id),
  ADD KEY cand_org_listed_eoi (org_id, listed, eoi_at, id),
  ADD KEY cand_org_site_listed_updated (org_id, site_id, listed, updated_at, id);
