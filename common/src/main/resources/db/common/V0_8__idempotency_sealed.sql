-- Issue #16: stored Idempotency-Key answers hold patient data for 24 h, so they are kept encrypted.
-- response_sealed: AES-256-GCM of the answer (body, Location, ETag, the audit entries its request recorded), keyed by
-- iop.idempotency.key and bound to (scope, idempotency_key). The plaintext columns go; answers stored before this
-- migration are not replayed (a retry of one gets 409: carried out, answer not replayable), never run again.
ALTER TABLE idempotency_key ADD COLUMN response_sealed bytea;
ALTER TABLE idempotency_key
    DROP COLUMN response_body,
    DROP COLUMN response_location,
    DROP COLUMN response_etag,
    DROP COLUMN audit_entries;
