-- Issue #23: authorization.expiring is announced once per authorization; when it was.
ALTER TABLE payer_authorization ADD COLUMN expiring_announced_at timestamptz;
