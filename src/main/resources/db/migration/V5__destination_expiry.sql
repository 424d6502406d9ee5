-- A blocked destination may end: a failed verify call blocks the number for tfps.verify.block-for
-- (docs/ivr.md). NULL: until an operator removes it. Every node removes the ended ones on a
-- timer, so the expiry holds across restarts and failovers.
ALTER TABLE blocked_destinations ADD COLUMN expires_at DATETIME(3) NULL;
CREATE INDEX blocked_destinations_expires_at ON blocked_destinations (expires_at);
