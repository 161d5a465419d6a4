-- 009_drop_cand_vacancy.sql: one index fewer on candidates.
--
-- cand_vacancy (vacancy_id) is the prefix of cand_vacancy_email
-- (vacancy_id, email, sql/002), which serves its lookups and the foreign
-- key cand_vacancy_fk as well; every candidate written kept both.
ALTER TABLE candidates DROP KEY cand_vacancy;
