-- Version 2: what the day counters did not carry across a restart of every node, written with an
-- account's current day: the countries it called (R25, comma-separated ISO codes) and its calls
-- up (the leases of R08/R10, base64 of TFPS's own encoding). Only an account's latest row is
-- read back for them; a later snapshot replaces them.
ALTER TABLE day_counters
  ADD COLUMN countries VARCHAR(400) NULL,
  ADD COLUMN leases MEDIUMTEXT NULL;
