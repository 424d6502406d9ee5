-- Monitor-only mode (docs/monitor-mode.md): an account's own setting (NULL: the configured
-- default, tfps.accounts.monitor-only), and whether an event's call was let through by it.
ALTER TABLE accounts ADD COLUMN monitor_only BOOLEAN NULL;
ALTER TABLE events ADD COLUMN monitor_only BOOLEAN NULL;
