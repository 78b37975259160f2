-- What was booked when an enrollment became active (issue #19): from which day, how many sessions already held and
-- upcoming, how many waitlisted or left out. Null for enrollments that became active before this was kept.
ALTER TABLE enrollment
    ADD COLUMN booked_from              date,
    ADD COLUMN held_sessions_booked     integer,
    ADD COLUMN upcoming_sessions_booked integer,
    ADD COLUMN sessions_waitlisted      integer,
    ADD COLUMN sessions_not_booked      integer;
