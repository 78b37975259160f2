-- Issue #15, item 6: attendance signals count settled weeks only. Every attendance-at-risk signal recorded so far came
-- from a week that had not ended (an ended week is judged compliant or non-compliant), so none of them counts.
DELETE FROM risk_signal WHERE factor = 'attendance-at-risk';
