-- 003_users_invite.sql: set-password links (invitations) and the referrer
-- e-mail lookup of the form and the CSV import

-- A link that lets a user choose a password: only the SHA-256 of the
-- token is stored; it works once, until expires_at.
CREATE TABLE user_tokens (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  token_hash CHAR(64) CHARACTER SET ascii NOT NULL,
  purpose ENUM('invite','reset') NOT NULL DEFAULT 'invite',
  created_by BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at DATETIME NOT NULL,
  used_at DATETIME NULL,
  UNIQUE KEY user_tokens_hash (token_hash),
  KEY user_tokens_user (user_id),
  CONSTRAINT user_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

ALTER TABLE referrers ADD KEY referrers_org_email (org_id, email);
