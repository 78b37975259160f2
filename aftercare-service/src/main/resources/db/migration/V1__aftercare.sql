-- Aftercare: episodes of care with their level-of-care transitions, discharge plans and discharges, relapse-
-- prevention plans, follow-ups, relapse-risk signals and flags, readmission requests. Every row belongs to one clinic.

CREATE TABLE episode (
    id            uuid PRIMARY KEY,
    clinic_id     uuid        NOT NULL,
    patient_id    uuid        NOT NULL,
    admission_id  uuid        NOT NULL UNIQUE,
    opened_on     date        NOT NULL,
    closed_on     date,
    status        text        NOT NULL,
    current_level text        NOT NULL,
    created_at    timestamptz NOT NULL,
    version       bigint      NOT NULL
);
CREATE INDEX episode_patient ON episode (clinic_id, patient_id, opened_on);

CREATE TABLE level_transition (
    id          uuid PRIMARY KEY,
    episode_id  uuid        NOT NULL REFERENCES episode (id),
    from_level  text,
    to_level    text        NOT NULL,
    on_date     date        NOT NULL,
    reason_code text        NOT NULL,
    recorded_at timestamptz NOT NULL
);
CREATE INDEX level_transition_episode ON level_transition (episode_id, on_date);

CREATE TABLE discharge_plan (
    id                   uuid PRIMARY KEY,
    episode_id           uuid        NOT NULL UNIQUE REFERENCES episode (id),
    clinic_id            uuid        NOT NULL,
    patient_id           uuid        NOT NULL,
    target_date          date        NOT NULL,
    step_down_level      text        NOT NULL,
    receiving_partner_id uuid,
    first_appointment_at timestamptz,
    mat_continuity       text,
    housing              text,
    work_school          text,
    support_groups       text[]      NOT NULL,
    alumni_group         boolean     NOT NULL,
    updated_at           timestamptz NOT NULL,
    version              bigint      NOT NULL
);

CREATE TABLE discharge (
    id                  uuid PRIMARY KEY,
    episode_id          uuid        NOT NULL UNIQUE REFERENCES episode (id),
    clinic_id           uuid        NOT NULL,
    patient_id          uuid        NOT NULL,
    reason_code         int         NOT NULL CHECK (reason_code BETWEEN 1 AND 7),
    discharge_date      date        NOT NULL,
    length_of_stay_days int         NOT NULL,
    step_down_level     text,
    summary             text        NOT NULL,
    time_zone           text        NOT NULL,
    recorded_by         uuid        NOT NULL,
    recorded_at         timestamptz NOT NULL
);
CREATE INDEX discharge_clinic_date ON discharge (clinic_id, discharge_date);

-- Versioned: each save is a new row; the highest version is current.
CREATE TABLE relapse_prevention_plan (
    id           uuid PRIMARY KEY,
    clinic_id    uuid        NOT NULL,
    patient_id   uuid        NOT NULL,
    plan_version int         NOT NULL,
    content      jsonb       NOT NULL,
    created_by   uuid        NOT NULL,
    created_at   timestamptz NOT NULL,
    UNIQUE (clinic_id, patient_id, plan_version)
);

CREATE TABLE follow_up (
    id                     uuid PRIMARY KEY,
    clinic_id              uuid        NOT NULL,
    patient_id             uuid        NOT NULL,
    episode_id             uuid        NOT NULL REFERENCES episode (id),
    kind                   text        NOT NULL,
    due_date               date        NOT NULL,
    time_zone              text        NOT NULL,
    status                 text        NOT NULL,
    due_notified           boolean     NOT NULL,
    outcome                text,
    recovery_status        text,
    phq9_total             int,
    iet_initiated          boolean,
    iet_engagement_visits  int,
    completed_at           timestamptz,
    completed_by           uuid,
    version                bigint      NOT NULL,
    UNIQUE (episode_id, kind)
);
CREATE INDEX follow_up_due ON follow_up (due_date) WHERE NOT due_notified;
CREATE INDEX follow_up_clinic ON follow_up (clinic_id, status, due_date);

-- One row per consumed event that moves a patient's relapse risk (the event id makes redelivery harmless).
CREATE TABLE risk_signal (
    id          uuid PRIMARY KEY,
    clinic_id   uuid        NOT NULL,
    patient_id  uuid        NOT NULL,
    source_id   text        NOT NULL UNIQUE,
    factor      text        NOT NULL,
    occurred_at timestamptz NOT NULL
);
CREATE INDEX risk_signal_patient ON risk_signal (clinic_id, patient_id, occurred_at);

CREATE TABLE risk_flag (
    id              uuid PRIMARY KEY,
    clinic_id       uuid          NOT NULL,
    patient_id      uuid          NOT NULL,
    score           numeric(8,2)  NOT NULL,
    threshold       numeric(8,2)  NOT NULL,
    rule_version    text          NOT NULL,
    factors         jsonb         NOT NULL,
    flagged_at      timestamptz   NOT NULL,
    status          text          NOT NULL,
    acknowledged_by uuid,
    acknowledged_at timestamptz,
    action_code     text,
    version         bigint        NOT NULL
);
CREATE UNIQUE INDEX risk_flag_one_open ON risk_flag (clinic_id, patient_id) WHERE status = 'OPEN';
CREATE INDEX risk_flag_clinic ON risk_flag (clinic_id, flagged_at);

CREATE TABLE readmission_request (
    id              uuid PRIMARY KEY,
    clinic_id       uuid        NOT NULL,
    patient_id      uuid        NOT NULL,
    follow_up_id    uuid,
    reason_code     text        NOT NULL,
    requested_level text,
    requested_by    uuid        NOT NULL,
    requested_at    timestamptz NOT NULL
);
CREATE INDEX readmission_request_clinic ON readmission_request (clinic_id, requested_at);
