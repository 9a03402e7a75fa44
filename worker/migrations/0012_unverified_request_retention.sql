-- Rights requests whose email was never confirmed hold a name and an address nobody vouched for:
-- the retention job deletes them this many hours after they were received (per site, 72 by default).
ALTER TABLE sites ADD COLUMN unverified_retention_hours INTEGER NOT NULL DEFAULT 72 CHECK (unverified_retention_hours BETWEEN 1 AND 720);

-- The retention job's lookup of old unverified requests.
CREATE INDEX rights_requests_unverified ON rights_requests (site_id, received_at) WHERE status = 'pending_verification';
