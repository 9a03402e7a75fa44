-- The privacy-notice version a visitor was shown when deciding (null for decisions made before
-- the site had a notice, or sent by an older SDK).
ALTER TABLE consent_events ADD COLUMN notice_version INTEGER;
