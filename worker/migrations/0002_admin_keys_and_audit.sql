-- Admin API keys: one site, one role. Only a hash of the secret part is stored.
CREATE TABLE admin_keys (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id),
  role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
  secret_hash TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  created_by TEXT NOT NULL,
  revoked_at TEXT
);

CREATE INDEX admin_keys_by_site ON admin_keys (site_id);

-- Every admin action and every automatic purge: who (key id, `root` or `system`), what, when, on
-- what. Never holds the personal data an action touched.
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  details TEXT,
  at TEXT NOT NULL
);

CREATE INDEX audit_log_by_site ON audit_log (site_id, seq);

CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
