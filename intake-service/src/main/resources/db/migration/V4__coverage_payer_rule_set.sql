-- Issue #23: the billing rule set of scheduling's payer rule table that applies to a coverage (e.g. h0015).
ALTER TABLE coverage ADD COLUMN payer_rule_set text;
