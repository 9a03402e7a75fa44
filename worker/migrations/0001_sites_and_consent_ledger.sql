-- Sites are tenants: every other table is keyed by site_id and every query filters on it.
CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- JSON array of exact origins (scheme://host[:port]) allowed to call the site's public routes.
  allowed_origins TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Each published consent revision of a site's public config, kept forever so that any ledger
-- event can be matched to the exact categories and texts the visitor was shown.
CREATE TABLE site_config_revisions (
  site_id TEXT NOT NULL REFERENCES sites (id),
  revision INTEGER NOT NULL CHECK (revision >= 1),
  config TEXT NOT NULL,
  published_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (site_id, revision)
);

CREATE TRIGGER site_config_revisions_immutable BEFORE UPDATE ON site_config_revisions
BEGIN
  SELECT RAISE(ABORT, 'site_config_revisions rows are immutable');
END;

-- The consent ledger: one row per decision, never updated. No IP address is stored.
CREATE TABLE consent_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  receipt_id TEXT NOT NULL UNIQUE,
  site_id TEXT NOT NULL REFERENCES sites (id),
  event_id TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  categories TEXT NOT NULL,
  revision INTEGER NOT NULL,
  method TEXT NOT NULL CHECK (method IN ('accept_all', 'reject_all', 'custom', 'toggle', 'gpc', 'api')),
  gpc INTEGER NOT NULL CHECK (gpc IN (0, 1)),
  locale TEXT,
  occurred_at TEXT,
  recorded_at TEXT NOT NULL,
  user_agent TEXT,
  country TEXT,
  -- SHA-256 of the event as the client sent it: evidence of integrity, and how a replayed eventId
  -- with a different body is told apart from a harmless retry.
  payload_hash TEXT NOT NULL,
  UNIQUE (site_id, event_id),
  FOREIGN KEY (site_id, revision) REFERENCES site_config_revisions (site_id, revision)
);

CREATE INDEX consent_events_by_subject ON consent_events (site_id, subject_id);
CREATE INDEX consent_events_by_time ON consent_events (site_id, recorded_at);

CREATE TRIGGER consent_events_append_only_update BEFORE UPDATE ON consent_events
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only');
END;

CREATE TRIGGER consent_events_append_only_delete BEFORE DELETE ON consent_events
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only');
END;
