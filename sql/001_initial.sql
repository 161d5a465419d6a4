-- 001_initial.sql: every table of DESIGN.md 4.5, InnoDB, utf8mb4, times in UTC

CREATE TABLE organisations (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  locale CHAR(2) NOT NULL DEFAULT 'en',
  time_zone VARCHAR(64) NOT NULL DEFAULT 'Europe/London',
  contact_target_hours INT NOT NULL DEFAULT 24,
  retention_days INT NOT NULL DEFAULT 180,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sites (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id BIGINT UNSIGNED NOT NULL,
  name VARCHAR(200) NOT NULL,
  town VARCHAR(100) NOT NULL DEFAULT '',
  postcode VARCHAR(16) NOT NULL DEFAULT '',
  KEY sites_org (org_id, name),
  CONSTRAINT sites_org_fk FOREIGN KEY (org_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id BIGINT UNSIGNED NOT NULL,
  email VARCHAR(254) NOT NULL,
  name VARCHAR(200) NOT NULL,
  role ENUM('admin','recruiter') NOT NULL DEFAULT 'recruiter',
  lang CHAR(2) NOT NULL DEFAULT '',
  password_hash VARCHAR(255) NOT NULL DEFAULT '',
  disabled TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY users_email (email),
  KEY users_org (org_id),
  CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A recruiter limited to sites has rows here; none means every site.
CREATE TABLE user_sites (
  user_id BIGINT UNSIGNED NOT NULL,
  site_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (user_id, site_id),
  CONSTRAINT user_sites_user_fk FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT user_sites_site_fk FOREIGN KEY (site_id) REFERENCES sites (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE sessions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash CHAR(64) CHARACTER SET ascii NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  csrf VARCHAR(64) CHARACTER SET ascii NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_seen DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY sessions_token (token_hash),
  KEY sessions_user (user_id),
  CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed sign-ins, for throttling per account and per address.
CREATE TABLE login_failures (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email VARCHAR(254) NOT NULL,
  addr VARCHAR(64) CHARACTER SET ascii NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY login_failures_email (email, created_at),
  KEY login_failures_addr (addr, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE referrers (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id BIGINT UNSIGNED NOT NULL,
  site_id BIGINT UNSIGNED NULL,
  code VARCHAR(32) CHARACTER SET ascii NOT NULL,
  name VARCHAR(200) NOT NULL,
  email VARCHAR(254) NOT NULL DEFAULT '',
  phone VARCHAR(40) NOT NULL DEFAULT '',
  lang CHAR(2) NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY referrers_code (code),
  KEY referrers_org (org_id, name),
  CONSTRAINT referrers_org_fk FOREIGN KEY (org_id) REFERENCES organisations (id),
  CONSTRAINT referrers_site_fk FOREIGN KEY (site_id) REFERENCES sites (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE vacancies (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id BIGINT UNSIGNED NOT NULL,
  site_id BIGINT UNSIGNED NULL,
  code VARCHAR(32) CHARACTER SET ascii NOT NULL,
  title VARCHAR(200) NOT NULL,
  location VARCHAR(100) NOT NULL DEFAULT '',
  postcode VARCHAR(16) NOT NULL DEFAULT '',
  description TEXT NOT NULL,
  is_open TINYINT(1) NOT NULL DEFAULT 1,
  right_to_work TINYINT(1) NOT NULL DEFAULT 0,
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY vacancies_code (code),
  KEY vacancies_org (org_id, title),
  KEY vacancies_org_location (org_id, location),
  CONSTRAINT vacancies_org_fk FOREIGN KEY (org_id) REFERENCES organisations (id),
  CONSTRAINT vacancies_site_fk FOREIGN KEY (site_id) REFERENCES sites (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The portal users emailed about each new candidate of a vacancy.
CREATE TABLE vacancy_watchers (
  vacancy_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (vacancy_id, user_id),
  CONSTRAINT vacancy_watchers_vacancy_fk FOREIGN KEY (vacancy_id) REFERENCES vacancies (id),
  CONSTRAINT vacancy_watchers_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Milestones per organisation (DESIGN.md 2); labels come from the catalogues by key.
CREATE TABLE milestones (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id BIGINT UNSIGNED NOT NULL,
  pos TINYINT UNSIGNED NOT NULL,
  mkey VARCHAR(40) CHARACTER SET ascii NOT NULL,
  points INT NOT NULL DEFAULT 0,
  UNIQUE KEY milestones_org_pos (org_id, pos),
  UNIQUE KEY milestones_org_key (org_id, mkey),
  CONSTRAINT milestones_org_fk FOREIGN KEY (org_id) REFERENCES organisations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The outcomes a milestone offers, by colour.
CREATE TABLE outcomes (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  milestone_id BIGINT UNSIGNED NOT NULL,
  okey VARCHAR(40) CHARACTER SET ascii NOT NULL,
  color ENUM('green','orange','red') NOT NULL,
  pos TINYINT UNSIGNED NOT NULL,
  UNIQUE KEY outcomes_milestone_key (milestone_id, okey),
  CONSTRAINT outcomes_milestone_fk FOREIGN KEY (milestone_id) REFERENCES milestones (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A candidate with its state cached from its events: stage_pos is the
-- current milestone's pos (7 when complete), progress one letter per
-- milestone (g green, o orange, r red, - none) for the list.
CREATE TABLE candidates (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id BIGINT UNSIGNED NOT NULL,
  site_id BIGINT UNSIGNED NULL,
  vacancy_id BIGINT UNSIGNED NOT NULL,
  referrer_id BIGINT UNSIGNED NULL,
  name VARCHAR(200) NOT NULL,
  email VARCHAR(254) NOT NULL DEFAULT '',
  phone VARCHAR(40) NOT NULL DEFAULT '',
  postcode VARCHAR(16) NOT NULL DEFAULT '',
  note TEXT NULL,
  lang CHAR(2) NOT NULL DEFAULT '',
  eoi_at DATETIME NOT NULL,
  status ENUM('action','waiting','archived','complete') NOT NULL DEFAULT 'action',
  stage_pos TINYINT UNSIGNED NOT NULL DEFAULT 1,
  progress VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT '------',
  due_at DATETIME NULL,
  updated_at DATETIME NOT NULL,
  version INT UNSIGNED NOT NULL DEFAULT 1,
  deleted_at DATETIME NULL,
  KEY cand_org_status_updated (org_id, status, updated_at, id),
  KEY cand_org_status_name (org_id, status, name, id),
  KEY cand_org_status_eoi (org_id, status, eoi_at, id),
  KEY cand_org_site_status_updated (org_id, site_id, status, updated_at, id),
  KEY cand_vacancy (vacancy_id),
  KEY cand_referrer (referrer_id),
  KEY cand_org_email (org_id, email),
  CONSTRAINT cand_org_fk FOREIGN KEY (org_id) REFERENCES organisations (id),
  CONSTRAINT cand_site_fk FOREIGN KEY (site_id) REFERENCES sites (id),
  CONSTRAINT cand_vacancy_fk FOREIGN KEY (vacancy_id) REFERENCES vacancies (id),
  CONSTRAINT cand_referrer_fk FOREIGN KEY (referrer_id) REFERENCES referrers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Name search: one row per word of a candidate's (kind c) or referrer's
-- (kind r) name, so that "starts a word" is an index range, not a scan.
CREATE TABLE name_words (
  org_id BIGINT UNSIGNED NOT NULL,
  word VARCHAR(40) NOT NULL,
  kind CHAR(1) CHARACTER SET ascii NOT NULL,
  ref_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (org_id, kind, word, ref_id),
  KEY name_words_ref (kind, ref_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Each outcome set or undone: an undo is its own row (kind 'undo') whose
-- undoes_id is the outcome event it takes back; that event gets undone = 1.
CREATE TABLE candidate_events (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  candidate_id BIGINT UNSIGNED NOT NULL,
  org_id BIGINT UNSIGNED NOT NULL,
  kind ENUM('outcome','undo') NOT NULL,
  milestone_id BIGINT UNSIGNED NOT NULL,
  outcome_id BIGINT UNSIGNED NULL,
  undoes_id BIGINT UNSIGNED NULL,
  undone TINYINT(1) NOT NULL DEFAULT 0,
  effective_date DATE NOT NULL,
  note TEXT NULL,
  user_id BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY events_candidate (candidate_id, id),
  CONSTRAINT events_candidate_fk FOREIGN KEY (candidate_id) REFERENCES candidates (id),
  CONSTRAINT events_milestone_fk FOREIGN KEY (milestone_id) REFERENCES milestones (id),
  CONSTRAINT events_outcome_fk FOREIGN KEY (outcome_id) REFERENCES outcomes (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Append-only: awards, reversals, bonuses; a balance is a sum.
CREATE TABLE points_ledger (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id BIGINT UNSIGNED NOT NULL,
  referrer_id BIGINT UNSIGNED NOT NULL,
  candidate_id BIGINT UNSIGNED NULL,
  event_id BIGINT UNSIGNED NULL,
  kind ENUM('award','reversal','bonus') NOT NULL,
  points INT NOT NULL,
  reason VARCHAR(200) NOT NULL DEFAULT '',
  user_id BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY ledger_event_kind (event_id, kind),
  KEY ledger_referrer (referrer_id, id),
  CONSTRAINT ledger_referrer_fk FOREIGN KEY (referrer_id) REFERENCES referrers (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE outbox (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id BIGINT UNSIGNED NULL,
  cause VARCHAR(100) CHARACTER SET ascii NOT NULL,
  kind VARCHAR(40) CHARACTER SET ascii NOT NULL,
  recipient VARCHAR(254) NOT NULL,
  recipient_name VARCHAR(200) NOT NULL DEFAULT '',
  lang CHAR(2) NOT NULL DEFAULT 'en',
  payload MEDIUMTEXT NOT NULL,
  candidate_id BIGINT UNSIGNED NULL,
  event_id BIGINT UNSIGNED NULL,
  status ENUM('pending','sending','sent','failed','cancelled') NOT NULL DEFAULT 'pending',
  attempts INT NOT NULL DEFAULT 0,
  due_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  lease_until DATETIME NULL,
  last_error VARCHAR(500) NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  sent_at DATETIME NULL,
  UNIQUE KEY outbox_cause (cause, recipient),
  KEY outbox_due (status, due_at),
  KEY outbox_candidate (candidate_id),
  KEY outbox_event (event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  org_id BIGINT UNSIGNED NULL,
  user_id BIGINT UNSIGNED NULL,
  action VARCHAR(60) CHARACTER SET ascii NOT NULL,
  object_kind VARCHAR(30) CHARACTER SET ascii NOT NULL DEFAULT '',
  object_id BIGINT UNSIGNED NULL,
  detail VARCHAR(1000) NOT NULL DEFAULT '',
  addr VARCHAR(64) CHARACTER SET ascii NOT NULL DEFAULT '',
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY audit_org (org_id, id),
  KEY audit_object (object_kind, object_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
