-- Answers to access and portability requests: the package lives encrypted in R2; the requester
-- downloads it with a link token (hashed here, 7 days) and a fresh email code.
ALTER TABLE rights_requests ADD COLUMN subject_id TEXT;
ALTER TABLE rights_requests ADD COLUMN response_content_type TEXT;
ALTER TABLE rights_requests ADD COLUMN response_ready_at TEXT;
ALTER TABLE rights_requests ADD COLUMN download_token_hash TEXT;
ALTER TABLE rights_requests ADD COLUMN download_expires_at TEXT;
