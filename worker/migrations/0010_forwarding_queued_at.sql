-- When a request was last handed to the forwarding queue. With the attempts already recorded, it
-- lets the scheduled sweep find verified requests the queue no longer holds (a send that failed
-- after the request was marked verified, a message lost) and queue them again.
ALTER TABLE rights_requests ADD COLUMN forwarding_queued_at TEXT;

CREATE INDEX rights_requests_forwarding ON rights_requests (forwarding_status, verified_at);
