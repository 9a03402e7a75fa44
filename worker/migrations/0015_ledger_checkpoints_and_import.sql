-- Signed heads of the consent ledger's shards (worker/src/ledger/checkpoints.ts): at least hourly,
-- each shard whose head moved since its last checkpoint gets a new one. A purge lowers the count
-- without moving the position, hence both in the key. `jws` is what a verifier checks; the other
-- columns repeat its claims for queries.
CREATE TABLE ledger_checkpoints (
  site_id TEXT NOT NULL REFERENCES sites (id),
  shard INTEGER NOT NULL CHECK (shard >= 0),
  position INTEGER NOT NULL CHECK (position >= 1),
  count INTEGER NOT NULL CHECK (count >= 0),
  row_hash TEXT NOT NULL,
  at TEXT NOT NULL,
  jws TEXT NOT NULL,
  PRIMARY KEY (site_id, shard, position, count)
);

CREATE TRIGGER ledger_checkpoints_immutable BEFORE UPDATE ON ledger_checkpoints
BEGIN
  SELECT RAISE(ABORT, 'ledger_checkpoints rows are immutable');
END;

-- How far the import of the D1 ledger (consent_events, kept as it was) into the shards has come:
-- the last `seq` moved (worker/src/ledger/import-d1.ts). One row; each step of the import moves it.
CREATE TABLE ledger_import_cursor (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
