-- What the visitor read when they chose: the SHA-256 of the wording the worker served for the
-- event's config version and language (texts and categories, site words merged over the shipped
-- catalogue). The catalogues ship with the code, not with the config, so a proof rebuilt later can
-- show whether today's rebuild is still word for word what was shown. NULL for events recorded
-- before this column, or without a language.
ALTER TABLE consent_events ADD COLUMN wording_hash TEXT;
