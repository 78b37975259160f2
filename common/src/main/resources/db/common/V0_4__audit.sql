-- Append-only audit log with a hash chain. Requests insert rows; the sealer later assigns each row its place
-- in the chain (chain_index, prev_hash, hash), so requests never queue behind one another for the chain head.
CREATE TABLE audit_log (
    seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             uuid        NOT NULL UNIQUE,
    occurred_at    timestamptz NOT NULL,
    actor_subject  text,
    actor_client_id text,
    actor_roles    text        NOT NULL,
    clinic_id      uuid,
    patient_id     uuid,
    resource_type  text        NOT NULL,
    resource_id    text,
    action         text        NOT NULL,
    outcome        text        NOT NULL,
    request_id     text,
    source_address text,
    purpose_of_use text,
    sensitive      boolean     NOT NULL DEFAULT false,
    chain_index    bigint UNIQUE,
    prev_hash      text,
    hash           text
);

CREATE INDEX audit_log_patient ON audit_log (clinic_id, patient_id, occurred_at);
CREATE INDEX audit_log_actor ON audit_log (clinic_id, actor_subject, occurred_at);
CREATE INDEX audit_log_unsealed ON audit_log (seq) WHERE hash IS NULL;

-- The last sealed link, so that rows cut from the end of the chain are noticed too.
CREATE TABLE audit_chain_head (
    id          int PRIMARY KEY CHECK (id = 1),
    chain_index bigint NOT NULL,
    hash        text   NOT NULL
);
INSERT INTO audit_chain_head (id, chain_index, hash) VALUES (1, 0, 'genesis');

-- Rows cannot be deleted, and a sealed row cannot change; an unsealed row may only receive its seal.
CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.hash IS NOT NULL
       OR (to_jsonb(NEW) - 'chain_index' - 'prev_hash' - 'hash') IS DISTINCT FROM
          (to_jsonb(OLD) - 'chain_index' - 'prev_hash' - 'hash') THEN
        RAISE EXCEPTION 'audit_log rows cannot be changed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();
