-- Test-only domain table for the common module's own tests.
CREATE TABLE widget (
    id         uuid PRIMARY KEY,
    clinic_id  uuid        NOT NULL,
    patient_id uuid        NOT NULL,
    code       text        NOT NULL,
    colour     text        NOT NULL,
    due_date   date,
    status     text        NOT NULL,
    version    bigint      NOT NULL,
    UNIQUE (clinic_id, code)
);

CREATE TABLE consumer_effect (
    event_id text PRIMARY KEY,
    subject  uuid NOT NULL,
    total    int  NOT NULL
);
