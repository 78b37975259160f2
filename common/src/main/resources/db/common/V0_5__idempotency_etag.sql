-- A replayed creation carries the ETag of the first response too (clients then update with If-Match).
ALTER TABLE idempotency_key ADD COLUMN response_etag text;
