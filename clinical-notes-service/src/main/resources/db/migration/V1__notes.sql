-- Clinical notes: the legal record. A signed note never changes: its content is hashed at signing and a trigger
-- refuses any later change to it; addenda are append-only. Every row belongs to one clinic.

-- Patients this clinic has admitted (from patient.admitted) or seen attend (from session.attended).
CREATE TABLE known_patient (
    patient_id  uuid        NOT NULL,
    clinic_id   uuid        NOT NULL,
    admitted_on date,
    first_seen  timestamptz NOT NULL,
    PRIMARY KEY (clinic_id, patient_id)
);

-- Staff whose notes need a clinical supervisor's co-signature.
CREATE TABLE supervised_staff (
    staff_id   uuid        NOT NULL,
    clinic_id  uuid        NOT NULL,
    since      timestamptz NOT NULL,
    flagged_by text        NOT NULL,
    PRIMARY KEY (clinic_id, staff_id)
);

-- Attendance learned from scheduling: each attended session needs a signed note by its due time.
CREATE TABLE attended_session (
    id                uuid PRIMARY KEY,
    clinic_id         uuid        NOT NULL,
    session_id        uuid        NOT NULL,
    patient_id        uuid        NOT NULL,
    session_kind      text        NOT NULL,
    minutes_attended  int         NOT NULL,
    session_starts_at timestamptz NOT NULL,
    facilitator_ids   uuid[]      NOT NULL,
    due_at            timestamptz NOT NULL,
    note_id           uuid,
    overdue_notified  boolean     NOT NULL,
    UNIQUE (session_id, patient_id)
);
CREATE INDEX attended_session_due ON attended_session (due_at) WHERE note_id IS NULL AND NOT overdue_notified;
CREATE INDEX attended_session_clinic ON attended_session (clinic_id, due_at) WHERE note_id IS NULL;

CREATE TABLE note (
    id                   uuid PRIMARY KEY,
    clinic_id            uuid        NOT NULL,
    patient_id           uuid,
    kind                 text        NOT NULL,
    format               text        NOT NULL,
    session_id           uuid,
    author_id            uuid        NOT NULL,
    status               text        NOT NULL,
    sections             jsonb       NOT NULL,
    mental_status        jsonb,
    risk                 jsonb,
    interventions        text[]      NOT NULL,
    objectives_addressed uuid[]      NOT NULL,
    service_date         date        NOT NULL,
    search_text          text        NOT NULL,
    search_vector        tsvector GENERATED ALWAYS AS (to_tsvector('english', search_text)) STORED,
    signed_at            timestamptz,
    content_hash         text,
    late                 boolean     NOT NULL,
    co_sign_required     boolean     NOT NULL,
    co_signed_by         uuid,
    co_signed_at         timestamptz,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    version              bigint      NOT NULL
);
CREATE INDEX note_patient ON note (clinic_id, patient_id, service_date);
CREATE INDEX note_session ON note (session_id);
CREATE INDEX note_search ON note USING gin (search_vector);

-- A group note's individual section for one attendee (the narrative is on the note row, whose patient_id is null).
CREATE TABLE group_note_entry (
    id         uuid PRIMARY KEY,
    note_id    uuid NOT NULL REFERENCES note (id),
    clinic_id  uuid NOT NULL,
    patient_id uuid NOT NULL,
    section    text NOT NULL,
    UNIQUE (note_id, patient_id)
);
CREATE INDEX group_note_entry_patient ON group_note_entry (clinic_id, patient_id);

CREATE TABLE addendum (
    id           uuid PRIMARY KEY,
    note_id      uuid        NOT NULL REFERENCES note (id),
    clinic_id    uuid        NOT NULL,
    author_id    uuid        NOT NULL,
    text         text        NOT NULL,
    signed_at    timestamptz NOT NULL,
    content_hash text        NOT NULL
);
CREATE INDEX addendum_note ON addendum (note_id, signed_at);

-- Signed content is immutable: once a note has a signature its clinical content, and any entry or addendum,
-- can no longer be updated or deleted by anyone, the application included.
CREATE FUNCTION refuse_signed_note_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.signed_at IS NOT NULL THEN
            RAISE EXCEPTION 'signed note % cannot be deleted', OLD.id USING ERRCODE = 'P0001';
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.signed_at IS NULL THEN
        RETURN NEW;
    END IF;
    -- Everything the signature and its hash cover, and the signature itself, stays as signed.
    IF (NEW.clinic_id, NEW.patient_id, NEW.kind, NEW.format, NEW.session_id, NEW.author_id, NEW.sections,
        NEW.mental_status, NEW.risk, NEW.interventions, NEW.objectives_addressed, NEW.service_date,
        NEW.search_text, NEW.signed_at, NEW.content_hash, NEW.late, NEW.co_sign_required)
       IS DISTINCT FROM
       (OLD.clinic_id, OLD.patient_id, OLD.kind, OLD.format, OLD.session_id, OLD.author_id, OLD.sections,
        OLD.mental_status, OLD.risk, OLD.interventions, OLD.objectives_addressed, OLD.service_date,
        OLD.search_text, OLD.signed_at, OLD.content_hash, OLD.late, OLD.co_sign_required) THEN
        RAISE EXCEPTION 'signed note % cannot change', OLD.id USING ERRCODE = 'P0001';
    END IF;
    -- The one change left: a pending note gets its co-signature, once.
    IF (NEW.status, NEW.co_signed_by, NEW.co_signed_at) IS DISTINCT FROM (OLD.status, OLD.co_signed_by, OLD.co_signed_at)
       AND NOT (OLD.status = 'PENDING_CO_SIGNATURE' AND NEW.status = 'SIGNED' AND OLD.co_signed_by IS NULL
                AND NEW.co_signed_by IS NOT NULL AND NEW.co_signed_at IS NOT NULL) THEN
        RAISE EXCEPTION 'signed note % cannot change', OLD.id USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER note_signed_is_final BEFORE UPDATE OR DELETE ON note
    FOR EACH ROW EXECUTE FUNCTION refuse_signed_note_change();

CREATE FUNCTION refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER addendum_append_only BEFORE UPDATE OR DELETE ON addendum
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE FUNCTION refuse_signed_entry_change() RETURNS trigger AS $$
BEGIN
    IF (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM note WHERE id = OLD.note_id AND signed_at IS NOT NULL))
       OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM note WHERE id = NEW.note_id AND signed_at IS NOT NULL)) THEN
        RAISE EXCEPTION 'entries of a signed note cannot change' USING ERRCODE = 'P0001';
    END IF;
    RETURN COALESCE(NEW, OLD);
END $$ LANGUAGE plpgsql;
CREATE TRIGGER group_note_entry_signed_is_final BEFORE INSERT OR UPDATE OR DELETE ON group_note_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_signed_entry_change();

-- Initial treatment plans due after admission.
CREATE TABLE plan_due (
    patient_id  uuid        NOT NULL,
    clinic_id   uuid        NOT NULL,
    admission_id uuid       NOT NULL UNIQUE,
    admitted_on date        NOT NULL,
    due_at      timestamptz NOT NULL,
    PRIMARY KEY (clinic_id, patient_id, admission_id)
);

CREATE TABLE treatment_plan (
    id              uuid PRIMARY KEY,
    clinic_id       uuid        NOT NULL,
    patient_id      uuid        NOT NULL,
    current_version int         NOT NULL,
    next_review_due date        NOT NULL,
    created_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    UNIQUE (clinic_id, patient_id)
);

-- Every version of a plan is kept; the plan row says which is current.
CREATE TABLE treatment_plan_version (
    id                    uuid PRIMARY KEY,
    plan_id               uuid        NOT NULL REFERENCES treatment_plan (id),
    clinic_id             uuid        NOT NULL,
    plan_version          int         NOT NULL,
    content               jsonb       NOT NULL,
    patient_participated  boolean     NOT NULL,
    patient_signed_at     timestamptz,
    created_by            uuid        NOT NULL,
    created_at            timestamptz NOT NULL,
    UNIQUE (plan_id, plan_version)
);
CREATE TRIGGER treatment_plan_version_append_only BEFORE UPDATE OR DELETE ON treatment_plan_version
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE treatment_plan_review (
    id              uuid PRIMARY KEY,
    plan_id         uuid        NOT NULL REFERENCES treatment_plan (id),
    clinic_id       uuid        NOT NULL,
    plan_version    int         NOT NULL,
    reviewed_by     uuid        NOT NULL,
    reviewed_at     timestamptz NOT NULL,
    ratings         jsonb       NOT NULL,
    summary         text,
    next_review_due date        NOT NULL
);
CREATE INDEX treatment_plan_review_plan ON treatment_plan_review (plan_id, reviewed_at);
CREATE TRIGGER treatment_plan_review_append_only BEFORE UPDATE OR DELETE ON treatment_plan_review
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
