-- Issue #22: reads whose cost must not grow with the clinic's size.
-- A page of patients walks the clinic's rows in (created_at, id) order, the order its cursor keeps, and stops after
-- a page instead of sorting every patient of the clinic.
CREATE INDEX patient_page ON patient (clinic_id, created_at, id);

-- A name search matches anywhere in the normalised name (name_key LIKE '%...%'); trigrams make that an index
-- lookup. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner who migrates may create it.
-- fastupdate off: new patients go straight into the index instead of a pending list that every search scans whole
-- until a vacuum empties it (patients are added rarely; searches are frequent).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX patient_name_trigrams ON patient USING gin (name_key gin_trgm_ops) WITH (fastupdate = off);

-- A patient's identifiers were found by scanning every identifier.
CREATE INDEX patient_identifier_patient ON patient_identifier (patient_id);
