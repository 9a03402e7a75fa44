-- Until now `subject_id` held whatever id the submitter sent, and an access answer included the
-- consent records of every such id. From now on it holds only an id proven by a receipt the worker
-- signed. None of the ids stored so far was proven, so none may keep that meaning: they are cleared.
UPDATE rights_requests SET subject_id = NULL WHERE subject_id IS NOT NULL;
