-- 002_apply.sql: the apply page (rate limit, right-to-work answer, duplicate
-- lookups) and deleting a candidate with a reason (issue 5, items 1-4)

-- Submissions of the public apply form per remote address, for the rate
-- limit (cgi-bin/apply.c); rows older than a day are removed as new ones come.
CREATE TABLE apply_attempts (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  addr VARCHAR(64) CHARACTER SET ascii NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY apply_attempts_addr (addr, created_at),
  KEY apply_attempts_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The answer to the vacancy's right-to-work question (NULL: not asked),
-- why a candidate was deleted (test_entry, duplicate, other), and the
-- duplicate rule's lookup: the same email for the same vacancy.
ALTER TABLE candidates
  ADD COLUMN right_to_work TINYINT(1) NULL AFTER note,
  ADD COLUMN delete_reason VARCHAR(20) CHARACTER SET ascii NULL AFTER deleted_at,
  ADD KEY cand_vacancy_email (vacancy_id, email);
