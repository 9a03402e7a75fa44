-- Sites are tenants: every other table is keyed by site_id and every query filters on it.
CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- JSON array of exact origins (scheme://host[:port]) allowed to call the site's public routes.
  allowed_origins TEXT NOT NULL DEFAULT '[]',
  -- Retention, from the privacy policy's defaults: consent records and closed rights requests
  -- 12 months after they end, the audit log 7 years.
  consent_retention_months INTEGER NOT NULL DEFAULT 12 CHECK (consent_retention_months BETWEEN 1 AND 120),
  request_retention_months INTEGER NOT NULL DEFAULT 12 CHECK (request_retention_months BETWEEN 1 AND 120),
  audit_retention_years INTEGER NOT NULL DEFAULT 7 CHECK (audit_retention_years BETWEEN 1 AND 20),
  -- Days to answer a rights request.
  deadline_days INTEGER NOT NULL DEFAULT 30 CHECK (deadline_days BETWEEN 1 AND 90),
  -- Forwarding of rights requests. Secrets and personal data are stored encrypted (AES-GCM, key id prefixed).
  webhook_url TEXT,
  webhook_secret_enc TEXT,
  privacy_email_enc TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Every published version of a site's public config, kept so that any ledger event can be matched
-- to the exact categories and texts the visitor was shown. `revision` only grows when a change
-- needs new consent; `version` grows with every publish.
CREATE TABLE site_config_versions (
  site_id TEXT NOT NULL REFERENCES sites (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  revision INTEGER NOT NULL CHECK (revision >= 1),
  config TEXT NOT NULL,
  published_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (site_id, version)
);

CREATE INDEX site_config_versions_by_revision ON site_config_versions (site_id, revision);

CREATE TRIGGER site_config_versions_immutable BEFORE UPDATE ON site_config_versions
BEGIN
  SELECT RAISE(ABORT, 'site_config_versions rows are immutable');
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
  config_version INTEGER NOT NULL,
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
  FOREIGN KEY (site_id, config_version) REFERENCES site_config_versions (site_id, version)
);

CREATE INDEX consent_events_by_subject ON consent_events (site_id, subject_id);
CREATE INDEX consent_events_by_time ON consent_events (site_id, recorded_at);

CREATE TRIGGER consent_events_append_only_update BEFORE UPDATE ON consent_events
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only');
END;

-- Rows leave the ledger only through an erasure or a retention purge, which open a grant for the
-- rows they remove and close it in the same transaction. Any other DELETE is refused.
CREATE TABLE ledger_delete_grants (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id TEXT NOT NULL,
  subject_id TEXT,
  recorded_before TEXT,
  CHECK ((subject_id IS NULL) <> (recorded_before IS NULL))
);

CREATE TRIGGER consent_events_delete_needs_grant BEFORE DELETE ON consent_events
WHEN NOT EXISTS (
  SELECT 1 FROM ledger_delete_grants g
   WHERE g.site_id = OLD.site_id
     AND (g.subject_id = OLD.subject_id OR OLD.recorded_at < g.recorded_before)
)
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only');
END;
