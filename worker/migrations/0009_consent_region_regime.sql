-- Decisions now record where the visitor was (the region the worker told the SDK) and the regime the
-- SDK applied there, and may be made in an embed placeholder (`embed`) or by acknowledging the
-- opt-out notice (`notice`). SQLite cannot change the `method` CHECK in place, so the ledger is
-- rebuilt: every row is copied as it is, `seq` and the AUTOINCREMENT high-water mark included (so
-- export cursors stay valid and the seq of an erased row is never handed out again), then the
-- indexes and the append-only triggers of 0001 are created again. DROP TABLE fires no DELETE
-- trigger, and no table references consent_events.
CREATE TABLE consent_events_0009 (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  receipt_id TEXT NOT NULL UNIQUE,
  site_id TEXT NOT NULL REFERENCES sites (id),
  event_id TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  categories TEXT NOT NULL,
  revision INTEGER NOT NULL,
  config_version INTEGER NOT NULL,
  notice_version INTEGER,
  method TEXT NOT NULL CHECK (method IN ('accept_all', 'reject_all', 'custom', 'toggle', 'embed', 'notice', 'gpc', 'api')),
  gpc INTEGER NOT NULL CHECK (gpc IN (0, 1)),
  locale TEXT,
  -- Null for decisions sent by an older SDK, or when the region was unknown.
  region TEXT,
  regime TEXT CHECK (regime IN ('opt-in', 'opt-out', 'none')),
  occurred_at TEXT,
  recorded_at TEXT NOT NULL,
  user_agent TEXT,
  country TEXT,
  payload_hash TEXT NOT NULL,
  UNIQUE (site_id, event_id),
  FOREIGN KEY (site_id, config_version) REFERENCES site_config_versions (site_id, version)
);

INSERT INTO consent_events_0009
  (seq, receipt_id, site_id, event_id, subject_id, categories, revision, config_version, notice_version, method, gpc,
   locale, occurred_at, recorded_at, user_agent, country, payload_hash)
SELECT seq, receipt_id, site_id, event_id, subject_id, categories, revision, config_version, notice_version, method, gpc,
       locale, occurred_at, recorded_at, user_agent, country, payload_hash
  FROM consent_events;

DELETE FROM sqlite_sequence WHERE name = 'consent_events_0009';
INSERT INTO sqlite_sequence (name, seq) SELECT 'consent_events_0009', seq FROM sqlite_sequence WHERE name = 'consent_events';

DROP TABLE consent_events;
ALTER TABLE consent_events_0009 RENAME TO consent_events;

CREATE INDEX consent_events_by_subject ON consent_events (site_id, subject_id);
CREATE INDEX consent_events_by_time ON consent_events (site_id, recorded_at);

CREATE TRIGGER consent_events_append_only_update BEFORE UPDATE ON consent_events
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only');
END;

CREATE TRIGGER consent_events_delete_needs_grant BEFORE DELETE ON consent_events
WHEN NOT EXISTS (
  SELECT 1 FROM ledger_delete_grants g
   WHERE g.site_id = OLD.site_id
     AND (g.subject_id = OLD.subject_id OR OLD.recorded_at < g.recorded_before)
)
BEGIN
  SELECT RAISE(ABORT, 'consent_events is append-only');
END;
