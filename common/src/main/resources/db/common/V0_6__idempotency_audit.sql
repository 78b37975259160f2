-- What a stored answer's request recorded in the audit log, so that replaying the answer is audited the same way.
ALTER TABLE idempotency_key ADD COLUMN audit_entries text;
