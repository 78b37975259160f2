-- FHIR R4 (issue #18): what the FHIR face keeps that the REST records did not.

-- A referral an EHR sends as a ServiceRequest keeps the sender's identifier (If-None-Exist matches on it, one
-- referral per identifier in a clinic) and who referred: the display and identifier of the requester.
ALTER TABLE referral
    ADD COLUMN identifier_system           text,
    ADD COLUMN identifier_value            text,
    ADD COLUMN requester_display           text,
    ADD COLUMN requester_identifier_system text,
    ADD COLUMN requester_identifier_value  text,
    ADD CONSTRAINT referral_identifier_whole CHECK ((identifier_system IS NULL) = (identifier_value IS NULL));
CREATE UNIQUE INDEX referral_identifier ON referral (clinic_id, identifier_system, identifier_value)
    WHERE identifier_system IS NOT NULL;
CREATE INDEX referral_patient ON referral (clinic_id, patient_id, received_at);

-- When the C-SSRS question 6 behaviour happened (within-3-months / over-3-months), so the answers can be shown as
-- they were given; null for every other instrument and when question 6 is "no".
ALTER TABLE screening ADD COLUMN cssrs_recency text;
