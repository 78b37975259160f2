-- Scheduling: rooms, program tracks, weekly series and their sessions, enrollments, bookings with attendance,
-- weekly hours compliance, and the payer authorisations projected from intake. Every row belongs to one clinic.
-- Patients are known here only by id, through their enrollments.

CREATE TABLE room (
    id         uuid PRIMARY KEY,
    clinic_id  uuid        NOT NULL,
    name       text        NOT NULL,
    capacity   int         NOT NULL,
    created_at timestamptz NOT NULL,
    version    bigint      NOT NULL,
    UNIQUE (clinic_id, name)
);

CREATE TABLE track (
    id                  uuid PRIMARY KEY,
    clinic_id           uuid         NOT NULL,
    code                text         NOT NULL,
    name                text         NOT NULL,
    level_of_care       text         NOT NULL,
    population          text         NOT NULL,
    time_zone           text         NOT NULL,
    days                text         NOT NULL,
    start_time          time         NOT NULL,
    duration_minutes    int          NOT NULL,
    weekly_hours_target numeric(4,2) NOT NULL,
    group_size_limit    int          NOT NULL,
    group_type          text         NOT NULL,
    cohort_start_date   date,
    room_id             uuid REFERENCES room (id),
    facilitator_ids     uuid[]       NOT NULL,
    created_at          timestamptz  NOT NULL,
    version             bigint       NOT NULL,
    UNIQUE (clinic_id, code)
);

CREATE TABLE series (
    id                 uuid PRIMARY KEY,
    clinic_id          uuid        NOT NULL,
    track_id           uuid REFERENCES track (id),
    kind               text        NOT NULL,
    modality           text        NOT NULL,
    room_id            uuid REFERENCES room (id),
    join_url           text,
    facilitator_ids    uuid[]      NOT NULL,
    time_zone          text        NOT NULL,
    days               text        NOT NULL,
    start_time         time        NOT NULL,
    duration_minutes   int         NOT NULL,
    capacity           int         NOT NULL,
    first_date         date        NOT NULL,
    last_date          date,
    materialized_until date        NOT NULL,
    created_at         timestamptz NOT NULL,
    version            bigint      NOT NULL
);

CREATE TABLE session (
    id              uuid PRIMARY KEY,
    clinic_id       uuid        NOT NULL,
    track_id        uuid REFERENCES track (id),
    series_id       uuid REFERENCES series (id),
    kind            text        NOT NULL,
    modality        text        NOT NULL,
    room_id         uuid REFERENCES room (id),
    join_url        text,
    facilitator_ids uuid[]      NOT NULL,
    time_zone       text        NOT NULL,
    local_date      date        NOT NULL,
    starts_at       timestamptz NOT NULL,
    ends_at         timestamptz NOT NULL,
    capacity        int         NOT NULL,
    status          text        NOT NULL,
    status_reason   text,
    detached        boolean     NOT NULL,
    created_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX session_clinic_time ON session (clinic_id, starts_at);
CREATE INDEX session_room_time ON session (room_id, starts_at) WHERE status = 'BOOKED';
CREATE INDEX session_track_time ON session (track_id, starts_at);
CREATE INDEX session_series ON session (series_id, local_date);
CREATE INDEX session_facilitators ON session USING gin (facilitator_ids);

CREATE TABLE enrollment (
    id                    uuid PRIMARY KEY,
    clinic_id             uuid        NOT NULL,
    patient_id            uuid        NOT NULL,
    track_id              uuid REFERENCES track (id),
    track_code            text        NOT NULL,
    admission_id          uuid UNIQUE,
    start_date            date        NOT NULL,
    end_date              date,
    status                text        NOT NULL,
    end_reason            text,
    consecutive_unexcused int         NOT NULL,
    created_at            timestamptz NOT NULL,
    version               bigint      NOT NULL
);
-- A patient is in at most one running enrollment per clinic.
CREATE UNIQUE INDEX enrollment_one_running ON enrollment (clinic_id, patient_id) WHERE status <> 'ENDED';
CREATE INDEX enrollment_track ON enrollment (track_id, status);

CREATE TABLE booking (
    id               uuid PRIMARY KEY,
    clinic_id        uuid        NOT NULL,
    session_id       uuid        NOT NULL REFERENCES session (id),
    patient_id       uuid        NOT NULL,
    enrollment_id    uuid        NOT NULL REFERENCES enrollment (id),
    starts_at        timestamptz NOT NULL,
    ends_at          timestamptz NOT NULL,
    status           text        NOT NULL,
    attendance       text,
    minutes_attended int,
    recorded_at      timestamptz,
    recorded_by      text,
    late_entry       boolean     NOT NULL,
    status_reason    text,
    created_at       timestamptz NOT NULL,
    version          bigint      NOT NULL
);
-- One live booking per patient and session; cancelled ones stay as history.
CREATE UNIQUE INDEX booking_one_live ON booking (session_id, patient_id) WHERE status <> 'CANCELLED';
CREATE INDEX booking_patient_time ON booking (patient_id, starts_at);
CREATE INDEX booking_enrollment ON booking (enrollment_id, starts_at);

CREATE TABLE compliance_week (
    id                uuid PRIMARY KEY,
    enrollment_id     uuid        NOT NULL REFERENCES enrollment (id),
    week_start        date        NOT NULL,
    clinic_id         uuid        NOT NULL,
    patient_id        uuid        NOT NULL,
    status            text        NOT NULL,
    scheduled_minutes int         NOT NULL,
    attended_minutes  int         NOT NULL,
    target_minutes    int         NOT NULL,
    closed            boolean     NOT NULL,
    updated_at        timestamptz NOT NULL,
    version           bigint      NOT NULL,
    UNIQUE (enrollment_id, week_start)
);
CREATE INDEX compliance_week_open ON compliance_week (week_start) WHERE NOT closed;
CREATE INDEX compliance_week_clinic ON compliance_week (clinic_id, status, week_start);

-- Payer authorisations (per-diem units between two dates), projected from intake's coverage.authorized events.
CREATE TABLE payer_authorization (
    coverage_id     uuid PRIMARY KEY,
    clinic_id       uuid NOT NULL,
    patient_id      uuid NOT NULL,
    authorized_units int NOT NULL,
    authorized_from date NOT NULL,
    authorized_to   date NOT NULL
);
CREATE INDEX payer_authorization_patient ON payer_authorization (patient_id);
