-- Call records imported from operators' CDR files (docs/cdr-import.md): 128 bits of SHA-256 of
-- each record's idempotency key, so a file imported again adds nothing.
CREATE TABLE imported_calls (
  call_key BINARY(16) NOT NULL,
  imported_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (call_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
