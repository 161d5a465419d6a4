-- 006_choices_version.sql: when an organisation's list choices changed.
--
-- Every list page shows the organisation's milestones with their
-- outcomes, its sites and its vacancies (the filter form, the outcome
-- menu).  They change a few times a year, so each web process keeps a
-- copy (lib/choices.c) and asks again only when choices_version, read
-- with the session on every request, has moved on.  Every write to
-- milestones, outcomes, points, sites or vacancies raises it in its own
-- transaction.
ALTER TABLE organisations
  ADD COLUMN choices_version BIGINT UNSIGNED NOT NULL DEFAULT 0;
