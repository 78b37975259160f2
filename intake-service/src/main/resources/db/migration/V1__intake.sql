-- Intake: patients and their identifiers and coverage, referrals, screenings, assessments, admissions,
-- waitlist, Part 2 consents. Every row belongs to one clinic (clinic_id) and is only ever read through it.

CREATE SEQUENCE mrn_seq START 100001;

CREATE TABLE patient (
    id                   uuid PRIMARY KEY,
    clinic_id            uuid        NOT NULL,
    mrn                  text        NOT NULL,
    legal_given_name     text        NOT NULL,
    legal_family_name    text        NOT NULL,
    preferred_name       text,
    pronouns             text,
    birth_date           date        NOT NULL,
    sex_at_birth         text,
    gender_identity      text,
    preferred_language   text,
    phone                text,
    email                text,
    address_line         text,
    city                 text,
    region               text,
    postal_code          text,
    emergency_name       text,
    emergency_phone      text,
    emergency_relation   text,
    status               text        NOT NULL,
    name_key             text        NOT NULL,
    created_at           timestamptz NOT NULL,
    version              bigint      NOT NULL,
    UNIQUE (clinic_id, mrn)
);
CREATE INDEX patient_duplicates ON patient (clinic_id, name_key, birth_date);
CREATE INDEX patient_search_name ON patient (clinic_id, legal_family_name, legal_given_name);

CREATE TABLE patient_identifier (
    id         uuid PRIMARY KEY,
    clinic_id  uuid NOT NULL,
    patient_id uuid NOT NULL REFERENCES patient (id),
    system     text NOT NULL,
    value      text NOT NULL,
    UNIQUE (clinic_id, system, value)
);

CREATE TABLE coverage (
    id                   uuid PRIMARY KEY,
    clinic_id            uuid        NOT NULL,
    patient_id           uuid        NOT NULL REFERENCES patient (id),
    payer                text        NOT NULL,
    plan                 text,
    member_id            text        NOT NULL,
    authorization_number text,
    authorized_units     int,
    authorized_from      date,
    authorized_to        date,
    version              bigint      NOT NULL
);

CREATE TABLE referral (
    id                   uuid PRIMARY KEY,
    clinic_id            uuid        NOT NULL,
    patient_id           uuid        NOT NULL REFERENCES patient (id),
    source               text        NOT NULL,
    partner_id           uuid,
    urgency              text        NOT NULL,
    reason_code          text        NOT NULL,
    requested_track_code text,
    status               text        NOT NULL,
    decision_reason_code text,
    recommended_level    text,
    destination_partner_id uuid,
    received_at          timestamptz NOT NULL,
    version              bigint      NOT NULL
);
CREATE INDEX referral_partner ON referral (partner_id, received_at);
CREATE INDEX referral_clinic ON referral (clinic_id, status, received_at);

CREATE TABLE screening (
    id                 uuid PRIMARY KEY,
    clinic_id          uuid        NOT NULL,
    patient_id         uuid        NOT NULL REFERENCES patient (id),
    instrument         text        NOT NULL,
    answers            text        NOT NULL,
    total              int         NOT NULL,
    band               text        NOT NULL,
    flags              text        NOT NULL,
    requires_ack       boolean     NOT NULL,
    acknowledged_by    text,
    acknowledged_at    timestamptz,
    acknowledgement_action text,
    completed_at       timestamptz NOT NULL,
    version            bigint      NOT NULL
);
CREATE INDEX screening_patient ON screening (clinic_id, patient_id, instrument, completed_at);

CREATE TABLE assessment (
    id                 uuid PRIMARY KEY,
    clinic_id          uuid        NOT NULL,
    patient_id         uuid        NOT NULL REFERENCES patient (id),
    referral_id        uuid REFERENCES referral (id),
    content            text        NOT NULL,
    d1 int NOT NULL, d2 int NOT NULL, d3 int NOT NULL, d4 int NOT NULL, d5 int NOT NULL, d6 int NOT NULL,
    recommended_level  text        NOT NULL,
    fired_rules        text        NOT NULL,
    rule_table_version text        NOT NULL,
    final_level        text        NOT NULL,
    final_level_reason text,
    assessed_by        text,
    completed_at       timestamptz NOT NULL,
    version            bigint      NOT NULL
);

CREATE TABLE admission (
    id                   uuid PRIMARY KEY,
    clinic_id            uuid        NOT NULL,
    patient_id           uuid        NOT NULL REFERENCES patient (id),
    referral_id          uuid REFERENCES referral (id),
    track_code           text        NOT NULL,
    level_of_care        text        NOT NULL,
    admission_date       date        NOT NULL,
    primary_counselor_id uuid        NOT NULL,
    coverage_id          uuid REFERENCES coverage (id),
    created_at           timestamptz NOT NULL,
    version              bigint      NOT NULL
);
CREATE UNIQUE INDEX admission_one_per_referral ON admission (referral_id) WHERE referral_id IS NOT NULL;

CREATE TABLE waitlist_entry (
    id                 uuid PRIMARY KEY,
    clinic_id          uuid        NOT NULL,
    patient_id         uuid        NOT NULL REFERENCES patient (id),
    referral_id        uuid REFERENCES referral (id),
    track_code         text        NOT NULL,
    added_at           timestamptz NOT NULL,
    expected_start     date,
    status             text        NOT NULL,
    offered_at         timestamptz,
    version            bigint      NOT NULL
);
CREATE INDEX waitlist_queue ON waitlist_entry (clinic_id, track_code, status, added_at);

CREATE TABLE consent (
    id                   uuid PRIMARY KEY,
    clinic_id            uuid        NOT NULL,
    patient_id           uuid        NOT NULL REFERENCES patient (id),
    recipient_partner_id uuid,
    recipient_class      text,
    categories           text        NOT NULL,
    purpose              text        NOT NULL,
    expires_at           timestamptz NOT NULL,
    signed_at            timestamptz NOT NULL,
    signature_method     text        NOT NULL,
    revoked_at           timestamptz,
    version              bigint      NOT NULL,
    CHECK (recipient_partner_id IS NOT NULL OR recipient_class IS NOT NULL)
);
CREATE INDEX consent_lookup ON consent (patient_id, recipient_partner_id);
