-- Medication: orders (MAT included) with their safety findings and history, allergies, admission reconciliation,
-- the dose administration record, drug screens. Every row belongs to one clinic.

CREATE TABLE known_patient (
    clinic_id     uuid        NOT NULL,
    patient_id    uuid        NOT NULL,
    admitted_on   date,
    discharged_on date,
    first_seen    timestamptz NOT NULL,
    PRIMARY KEY (clinic_id, patient_id)
);

CREATE TABLE allergy (
    id          uuid PRIMARY KEY,
    clinic_id   uuid        NOT NULL,
    patient_id  uuid        NOT NULL,
    substance   text        NOT NULL,
    reaction    text,
    severity    text        NOT NULL,
    recorded_by uuid        NOT NULL,
    recorded_at timestamptz NOT NULL,
    version     bigint      NOT NULL,
    UNIQUE (clinic_id, patient_id, substance)
);

CREATE TABLE medication_order (
    id                   uuid PRIMARY KEY,
    clinic_id            uuid         NOT NULL,
    patient_id           uuid         NOT NULL,
    catalogue_id         text         NOT NULL,
    rxnorm               text         NOT NULL,
    medication_class     text         NOT NULL,
    dea_schedule         text         NOT NULL,
    mat                  boolean      NOT NULL,
    mat_program          boolean      NOT NULL,
    dose                 numeric(10,3) NOT NULL,
    dose_unit            text         NOT NULL,
    route                text         NOT NULL,
    frequency            text         NOT NULL,
    start_date           date         NOT NULL,
    end_date             date,
    indication           text         NOT NULL,
    prescriber_id        uuid         NOT NULL,
    pdmp_checked_on      date,
    status               text         NOT NULL,
    administration_times text,
    administration_zone  text,
    window_minutes       int,
    missed_checked_until timestamptz,
    discharge_review     text,
    catalogue_version    text         NOT NULL,
    rules_version        text         NOT NULL,
    created_at           timestamptz  NOT NULL,
    version              bigint       NOT NULL
);
CREATE INDEX medication_order_patient ON medication_order (clinic_id, patient_id, status);
CREATE INDEX medication_order_scheduled ON medication_order (status) WHERE administration_times IS NOT NULL;

-- What the safety check found when the order was written, and how the prescriber resolved it.
CREATE TABLE order_safety_finding (
    id                  uuid PRIMARY KEY,
    order_id            uuid NOT NULL REFERENCES medication_order (id),
    rule                text NOT NULL,
    severity            text NOT NULL,
    conflicting_order_id uuid,
    resolution          text NOT NULL,
    reason_code         text NOT NULL,
    reason_note         text,
    resolved_by         uuid NOT NULL
);
CREATE INDEX order_safety_finding_order ON order_safety_finding (order_id);

-- Every change of an order, for the record.
CREATE TABLE order_history (
    id          uuid PRIMARY KEY,
    order_id    uuid        NOT NULL REFERENCES medication_order (id),
    action      text        NOT NULL,
    at          timestamptz NOT NULL,
    actor       uuid        NOT NULL,
    reason_code text
);
CREATE INDEX order_history_order ON order_history (order_id, at);

CREATE TABLE administration (
    id              uuid PRIMARY KEY,
    clinic_id       uuid          NOT NULL,
    order_id        uuid          NOT NULL REFERENCES medication_order (id),
    patient_id      uuid          NOT NULL,
    scheduled_for   timestamptz,
    outcome         text          NOT NULL,
    administered_at timestamptz,
    dose            numeric(10,3),
    dose_unit       text,
    lot             text,
    take_home_doses int           NOT NULL,
    reason_code     text,
    recorded_by     uuid,
    recorded_at     timestamptz   NOT NULL
);
CREATE UNIQUE INDEX administration_one_per_slot ON administration (order_id, scheduled_for) WHERE scheduled_for IS NOT NULL;
CREATE INDEX administration_patient ON administration (clinic_id, patient_id, recorded_at);

CREATE TABLE drug_screen (
    id                  uuid PRIMARY KEY,
    clinic_id           uuid        NOT NULL,
    patient_id          uuid        NOT NULL,
    specimen            text        NOT NULL,
    panel               text[]      NOT NULL,
    status              text        NOT NULL,
    ordered_by          uuid        NOT NULL,
    ordered_at          timestamptz NOT NULL,
    collected_by        uuid,
    collected_at        timestamptz,
    resulted_by         uuid,
    resulted_at         timestamptz,
    unexpected_positive boolean,
    version             bigint      NOT NULL
);
CREATE INDEX drug_screen_patient ON drug_screen (clinic_id, patient_id, ordered_at);

CREATE TABLE drug_screen_result (
    screen_id      uuid    NOT NULL REFERENCES drug_screen (id),
    substance_code text    NOT NULL,
    result         text    NOT NULL,
    expected       boolean NOT NULL,
    PRIMARY KEY (screen_id, substance_code)
);

CREATE TABLE reconciliation (
    id           uuid PRIMARY KEY,
    clinic_id    uuid        NOT NULL,
    patient_id   uuid        NOT NULL,
    completed_by uuid        NOT NULL,
    completed_at timestamptz NOT NULL
);
CREATE INDEX reconciliation_patient ON reconciliation (clinic_id, patient_id);

CREATE TABLE reconciliation_item (
    id                uuid PRIMARY KEY,
    reconciliation_id uuid NOT NULL REFERENCES reconciliation (id),
    medication        text NOT NULL,
    catalogue_id      text,
    dose_text         text,
    decision          text NOT NULL,
    note              text
);
