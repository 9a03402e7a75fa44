-- Forwarding of verified requests to the site's webhook: state on the request, and every attempt.
ALTER TABLE rights_requests ADD COLUMN forwarding_status TEXT NOT NULL DEFAULT 'not_started'
  CHECK (forwarding_status IN ('not_started', 'not_configured', 'pending', 'delivered', 'dead_lettered'));
ALTER TABLE rights_requests ADD COLUMN forwarded_at TEXT;

CREATE TABLE forwarding_attempts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL REFERENCES rights_requests (id),
  site_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'failed', 'not_configured', 'dead_lettered')),
  http_status INTEGER,
  error TEXT,
  at TEXT NOT NULL
);

CREATE INDEX forwarding_attempts_by_request ON forwarding_attempts (request_id, seq);
