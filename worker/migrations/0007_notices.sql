-- Privacy notices: per site and locale, every published version kept, immutable.
CREATE TABLE notice_versions (
  site_id TEXT NOT NULL REFERENCES sites (id),
  locale TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  document TEXT NOT NULL,
  material_change INTEGER NOT NULL CHECK (material_change IN (0, 1)),
  published_at TEXT NOT NULL,
  PRIMARY KEY (site_id, locale, version)
);

CREATE TRIGGER notice_versions_immutable BEFORE UPDATE ON notice_versions
BEGIN
  SELECT RAISE(ABORT, 'notice_versions rows are immutable');
END;
