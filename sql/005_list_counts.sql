-- 005_list_counts.sql: the list's totals kept per organisation, exactly.
--
-- Counting an organisation's list over its index range grows with the
-- organisation (6 ms for 50,000 live candidates).  cand_counts holds the
-- number of candidates per list (listed l or a; deleted ones are not
-- counted), site (0: none), status and current milestone, so that the
-- total of a list filtered by those is a SUM over a few rows.  The code
-- keeps it in the transaction of every write that adds a candidate or
-- changes one of those columns (lib/cand.c cand_count_move; no triggers:
-- CREATE TRIGGER needs SUPER where binary logging is on), and
-- cand_counts_rebuild() recomputes it from the rows after bulk loads.
-- n is signed so that a row changed behind the code's back shows as a
-- wrong count, never as a failing write.
CREATE TABLE cand_counts (
  org_id BIGINT UNSIGNED NOT NULL,
  listed CHAR(1) CHARACTER SET ascii NOT NULL,
  site_id BIGINT UNSIGNED NOT NULL,
  status ENUM('action','waiting','archived','complete') NOT NULL,
  stage_pos TINYINT UNSIGNED NOT NULL,
  n BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (org_id, listed, site_id, status, stage_pos)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO cand_counts (org_id, listed, site_id, status, stage_pos, n)
  SELECT org_id, listed, COALESCE(site_id, 0), status, stage_pos, COUNT(*)
  FROM candidates WHERE listed <> 'd'
  GROUP BY org_id, listed, COALESCE(site_id, 0), status, stage_pos;
