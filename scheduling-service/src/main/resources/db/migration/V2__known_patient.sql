-- Patients intake told a clinic about: enrollments and bookings are only made for them (issue #15, item 5).
CREATE TABLE known_patient (
    clinic_id  uuid        NOT NULL,
    patient_id uuid        NOT NULL,
    first_seen timestamptz NOT NULL,
    PRIMARY KEY (clinic_id, patient_id)
);

-- Patients already admitted or authorised through intake's events are known; hand enrollments are not vouched for.
INSERT INTO known_patient (clinic_id, patient_id, first_seen)
SELECT clinic_id, patient_id, min(created_at) FROM enrollment WHERE admission_id IS NOT NULL
GROUP BY clinic_id, patient_id
ON CONFLICT DO NOTHING;
INSERT INTO known_patient (clinic_id, patient_id, first_seen)
SELECT DISTINCT clinic_id, patient_id, now() FROM payer_authorization
ON CONFLICT DO NOTHING;
