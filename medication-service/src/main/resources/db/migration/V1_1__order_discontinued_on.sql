-- The effective date of an order's discontinuation: a clinical date, which may be earlier than the day it was
-- recorded. Drug-screen expectation follows it (with start and end dates), never the time a row was written.
ALTER TABLE medication_order ADD COLUMN discontinued_on date;

-- Orders discontinued before this column existed took effect when the discontinuation was recorded (UTC date).
UPDATE medication_order o
SET discontinued_on = (SELECT min(h.at AT TIME ZONE 'UTC')::date
                       FROM order_history h
                       WHERE h.order_id = o.id AND h.action = 'discontinued')
WHERE o.status = 'DISCONTINUED';
