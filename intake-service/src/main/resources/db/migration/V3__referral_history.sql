-- Referral status history and the partner's own reference (issue #20, the partner portal).

-- When a referral last changed status (backfilled from received_at: for referrals made before this migration the
-- time of their latest move is not known), and the referring partner's own case or record number for the person
-- (set only by partners; never a name).
ALTER TABLE referral
    ADD COLUMN status_changed_at timestamptz,
    ADD COLUMN partner_reference text;
UPDATE referral SET status_changed_at = received_at;
ALTER TABLE referral ALTER COLUMN status_changed_at SET NOT NULL;
CREATE INDEX referral_clinic_received ON referral (clinic_id, received_at, id);

-- Every status a referral takes, with the decision's reason code for declined and referred-out. Written by the
-- Referral entity itself (received on creation, then every move), never by hand.
CREATE TABLE referral_status_change (
    id          uuid PRIMARY KEY,
    referral_id uuid        NOT NULL REFERENCES referral (id),
    status      text        NOT NULL,
    reason_code text,
    changed_at  timestamptz NOT NULL
);
CREATE INDEX referral_status_change_referral ON referral_status_change (referral_id, changed_at);

-- Referrals made before: received at received_at and, when they have moved since, their current status (with its
-- reason) at received_at too, the only time known (as status_changed_at).
INSERT INTO referral_status_change (id, referral_id, status, reason_code, changed_at)
SELECT gen_random_uuid(), id, 'RECEIVED', NULL, received_at FROM referral;
INSERT INTO referral_status_change (id, referral_id, status, reason_code, changed_at)
SELECT gen_random_uuid(), id, status, decision_reason_code, received_at FROM referral WHERE status <> 'RECEIVED';
