-- Rights requests. Everything that identifies the requester is encrypted (AES-GCM, key id
-- prefixed); `email_hash` is a keyed HMAC of the lowercased email for lookups and rate limits.
CREATE TABLE rights_requests (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id),
  type TEXT NOT NULL CHECK (type IN ('access', 'portability', 'correction', 'deletion', 'restriction', 'objection', 'opt_out_communications', 'inquiry')),
  status TEXT NOT NULL CHECK (status IN ('pending_verification', 'verified', 'in_progress', 'completed', 'rejected', 'canceled', 'duplicate')),
  email_hash TEXT NOT NULL,
  email_enc TEXT NOT NULL,
  full_name_enc TEXT NOT NULL,
  details_enc TEXT,
  account_id_enc TEXT,
  region TEXT NOT NULL,
  locale TEXT,
  -- The requester's bearer token for the status page: only its SHA-256.
  status_token_hash TEXT NOT NULL,
  -- The email verification code: an HMAC of it, its expiry, and failed tries.
  code_hash TEXT,
  code_expires_at TEXT,
  code_attempts INTEGER NOT NULL DEFAULT 0,
  received_at TEXT NOT NULL,
  verified_at TEXT,
  due_at TEXT NOT NULL,
  due_rule TEXT NOT NULL,
  original_due_at TEXT NOT NULL,
  extended_at TEXT,
  closed_at TEXT,
  updated_at TEXT NOT NULL
);

CREATE INDEX rights_requests_by_status ON rights_requests (site_id, status, due_at);
CREATE INDEX rights_requests_by_email ON rights_requests (site_id, email_hash);

-- Each step of a request's life: who, what, when; notes encrypted.
CREATE TABLE rights_request_history (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL REFERENCES rights_requests (id),
  site_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT,
  note_enc TEXT,
  at TEXT NOT NULL
);

CREATE INDEX rights_request_history_by_request ON rights_request_history (request_id, seq);

-- The development email outbox (ENVIRONMENT=development only): recipients and bodies encrypted.
CREATE TABLE dev_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  to_hash TEXT NOT NULL,
  to_enc TEXT NOT NULL,
  subject TEXT NOT NULL,
  body_enc TEXT NOT NULL,
  sent_at TEXT NOT NULL
);
