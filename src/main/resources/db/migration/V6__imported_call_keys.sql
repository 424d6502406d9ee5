-- Call records imported from CDR files (docs/cdr-import.md), kept in the order of their start:
-- the first 5 bytes of a key are the call's start as the file writes it (seconds since 1970,
-- big-endian: the instant of a time with an offset, a local time read as if in UTC), the other 11
-- the first 88 bits of SHA-256 of its idempotency key. A file read in
-- start order then adds its keys at the right edge of the primary key instead of on random pages.
-- imported_at as in version 4 (it cost nothing measurable): the keys of one import can be told
-- apart. imported_calls (version 4: 128 bits of SHA-256 of the idempotency key alone) keeps the
-- keys imported before; an import still looks there while it has rows.
CREATE TABLE imported_call_keys (
  call_key BINARY(16) NOT NULL,
  imported_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (call_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
