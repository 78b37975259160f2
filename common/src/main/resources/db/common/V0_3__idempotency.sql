-- Idempotency-Key records: the first response to a creating POST, replayed to retries of the same request.
CREATE TABLE idempotency_key (
    scope          text        NOT NULL,
    idempotency_key text       NOT NULL,
    request_hash   text        NOT NULL,
    response_status int,
    response_body  text,
    response_location text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);

CREATE INDEX idempotency_key_expiry ON idempotency_key (expires_at);
