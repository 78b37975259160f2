-- Issue #23: what billing needs from intake and clinical notes, and the billable days' claim lines.

-- The billing rule set (payer rule table id, e.g. h0015) and the payer's authorization number, from intake's
-- coverage.authorized; null when intake was not told (such an authorization is not billed).
ALTER TABLE payer_authorization ADD COLUMN payer_rule_set text;
ALTER TABLE payer_authorization ADD COLUMN authorization_number text;

-- Treatment plans in force, from clinical notes' treatment-plan.created / .reviewed: in force from the plan's
-- creation (an instant, made a date in the track's zone when used) to its next review due; a review extends it.
CREATE TABLE treatment_plan_in_force (
    plan_id         uuid PRIMARY KEY,
    clinic_id       uuid        NOT NULL,
    patient_id      uuid        NOT NULL,
    plan_version    int         NOT NULL,
    in_force_from   timestamptz NOT NULL,
    next_review_due date        NOT NULL
);
CREATE INDEX treatment_plan_in_force_patient ON treatment_plan_in_force (patient_id);

-- Claim lines of billable days. A determined day's lines are 'original'; a change to the day marks them reversed
-- and adds one 'reversal' line per reversed line (same content, reverses_line_id set). Rows are never edited
-- otherwise. Lists are comma-separated codes or uuids.
CREATE TABLE billable_line (
    id                   uuid PRIMARY KEY,
    billable_day_id      uuid        NOT NULL,
    clinic_id            uuid        NOT NULL,
    patient_id           uuid        NOT NULL,
    coverage_id          uuid        NOT NULL,
    service_date         date        NOT NULL,
    rule_set             text        NOT NULL,
    kind                 text        NOT NULL CHECK (kind IN ('original', 'reversal')),
    reverses_line_id     uuid REFERENCES billable_line (id),
    reversed             boolean     NOT NULL DEFAULT false,
    code                 text,
    revenue_code         text,
    units                int         NOT NULL,
    modifiers            text        NOT NULL,
    place_of_service     text,
    per_diem_class       text,
    condition_codes      text        NOT NULL,
    rendering_staff_ids  text        NOT NULL,
    authorization_number text,
    rules_version        text        NOT NULL,
    recorded_at          timestamptz NOT NULL
);
CREATE INDEX billable_line_day ON billable_line (patient_id, coverage_id, service_date);
CREATE INDEX billable_line_clinic_date ON billable_line (clinic_id, service_date);
