-- Issue #16: psychotherapy notes are for their author and the clinical supervisors assigned to the author, with a
-- break-glass read (a reason required, audited with purpose of use ETREAT) for any other clinical supervisor.

-- Which clinical supervisors supervise a staff member's clinical work (assigned by a clinic admin). Separate from
-- supervised_staff, which says whose notes need a co-signature.
CREATE TABLE staff_supervisor (
    clinic_id     uuid        NOT NULL,
    staff_id      uuid        NOT NULL,
    supervisor_id uuid        NOT NULL,
    since         timestamptz NOT NULL,
    assigned_by   text        NOT NULL,
    PRIMARY KEY (clinic_id, staff_id, supervisor_id),
    CHECK (staff_id <> supervisor_id)
);

CREATE INDEX staff_supervisor_by_supervisor ON staff_supervisor (clinic_id, supervisor_id);

-- Each break-glass read with its reason, one row per audit record it wrote (audit_log.id, purpose of use ETREAT).
-- The reason text stays here; events and logs carry the reason code only.
CREATE TABLE note_break_glass (
    audit_id      uuid        PRIMARY KEY,
    clinic_id     uuid        NOT NULL,
    note_id       uuid        NOT NULL,
    patient_id    uuid        NOT NULL,
    staff_id      uuid        NOT NULL,
    actor_subject text        NOT NULL,
    reason_code   text        NOT NULL,
    reason_text   text,
    occurred_at   timestamptz NOT NULL
);

CREATE INDEX note_break_glass_by_clinic ON note_break_glass (clinic_id, occurred_at);
