-- TFPS schema, version 1 (docs/database.md describes each table).
-- Applied once by org.tfps.store.Migrations; never edit it after a release: add V2__...sql instead.
-- Times are UTC in DATETIME(3) (no 2038 limit); every TFPS connection sets time_zone = '+00:00'
-- so that defaults (CURRENT_TIMESTAMP) are UTC too.
-- Identifiers compare exactly (utf8mb4_bin): SIP user parts are case-sensitive (RFC 3261 19.1.4).

-- One row per account whose settings differ from the defaults of tfps.accounts.
-- NULL in a column means "the default from the configuration".
CREATE TABLE accounts (
  account VARCHAR(255) NOT NULL,
  home_country CHAR(2) NULL,
  international_prefixes VARCHAR(64) NULL,
  outside_line_prefix VARCHAR(8) NULL,
  time_zone VARCHAR(64) NULL,
  business_hours TEXT NULL,
  limits JSON NULL,
  pin_hash VARCHAR(255) NULL,
  contacts JSON NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (account)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Account blocks, by a rule (tfps.engine.block-account) or an operator. A block is in force while
-- until > now and lifted_at IS NULL. event_id makes a write idempotent: a record written twice
-- (journal replay after an outage) stays one row.
CREATE TABLE account_blocks (
  id BIGINT NOT NULL AUTO_INCREMENT,
  event_id VARCHAR(100) NOT NULL,
  account VARCHAR(255) NOT NULL,
  reason TEXT NULL,
  blocked_at DATETIME(3) NOT NULL,
  until DATETIME(3) NOT NULL,
  lifted_at DATETIME(3) NULL,
  PRIMARY KEY (id),
  UNIQUE KEY account_blocks_event (event_id),
  KEY account_blocks_account_until (account, until)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Destinations an account may always call: an E.164 number (+5312345678) or a prefix (+53).
-- source: operator (set through the API), verified (the caller passed the PIN check),
-- learned (seen often enough during the learning window).
CREATE TABLE authorized_destinations (
  id BIGINT NOT NULL AUTO_INCREMENT,
  account VARCHAR(255) NOT NULL,
  destination VARCHAR(32) NOT NULL,
  country CHAR(3) NULL,
  source VARCHAR(16) NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY authorized_destinations_account_destination (account, destination),
  CONSTRAINT authorized_destinations_source CHECK (source IN ('operator', 'verified', 'learned'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Destinations an account may never call, same shape.
CREATE TABLE blocked_destinations (
  id BIGINT NOT NULL AUTO_INCREMENT,
  account VARCHAR(255) NOT NULL,
  destination VARCHAR(32) NOT NULL,
  country CHAR(3) NULL,
  source VARCHAR(16) NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY blocked_destinations_account_destination (account, destination),
  CONSTRAINT blocked_destinations_source CHECK (source IN ('operator', 'verified', 'learned'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- What TFPS decided and did: verdicts that were not plain allows, alerts, verify outcomes, blocks.
-- kind: verdict | alert | verify | block (not a CHECK: a new kind must not make writes fail).
-- country is the destination's region as libphonenumber names it (US, GB, 001 for non-geographic).
-- event_id (unique) makes writes idempotent, like account_blocks.
CREATE TABLE events (
  id BIGINT NOT NULL AUTO_INCREMENT,
  event_id VARCHAR(100) NOT NULL,
  node VARCHAR(100) NULL,
  at DATETIME(3) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  account VARCHAR(255) NULL,
  call_id VARCHAR(255) NULL,
  dialed VARCHAR(128) NULL,
  e164 VARCHAR(32) NULL,
  country CHAR(3) NULL,
  action VARCHAR(8) NULL,
  code VARCHAR(8) NULL,
  rule VARCHAR(64) NULL,
  score INT NULL,
  evidence TEXT NULL,
  findings JSON NULL,
  source_ip VARCHAR(45) NULL,
  user_agent VARCHAR(255) NULL,
  facts_complete BOOLEAN NULL,
  PRIMARY KEY (id),
  UNIQUE KEY events_event (event_id),
  KEY events_account_at (account, at),
  KEY events_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Call detail records posted to POST /v1/cdrs; a CDR ends the active-call lease of its Call-ID.
-- record_id (unique) makes a repeated post one row.
CREATE TABLE call_records (
  id BIGINT NOT NULL AUTO_INCREMENT,
  record_id VARCHAR(100) NOT NULL,
  call_id VARCHAR(255) NULL,
  account VARCHAR(255) NULL,
  destination VARCHAR(128) NULL,
  start_at DATETIME(3) NULL,
  answer_at DATETIME(3) NULL,
  end_at DATETIME(3) NULL,
  duration_s INT NULL,
  disposition VARCHAR(32) NULL,
  received_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY call_records_record (record_id),
  KEY call_records_call (call_id),
  KEY call_records_account_start (account, start_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Named lists managed through the API: IP deny/allow lists, destination lists, and so on.
-- An entry with expires_at in the past no longer counts.
CREATE TABLE lists (
  id BIGINT NOT NULL AUTO_INCREMENT,
  list VARCHAR(64) NOT NULL,
  entry VARCHAR(255) NOT NULL,
  label VARCHAR(255) NULL,
  source VARCHAR(64) NULL,
  expires_at DATETIME(3) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (id),
  UNIQUE KEY lists_list_entry (list, entry)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Snapshots of each account's daily counters (quotas, spend, learning), so a restart does not
-- reset them.
-- day is the account's local date; spend is in the currency of the rate deck.
CREATE TABLE day_counters (
  account VARCHAR(255) NOT NULL,
  day DATE NOT NULL,
  calls INT NOT NULL DEFAULT 0,
  off_hours INT NOT NULL DEFAULT 0,
  allowed INT NOT NULL DEFAULT 0,
  spend DECIMAL(14,4) NOT NULL DEFAULT 0,
  peak INT NOT NULL DEFAULT 0,
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  PRIMARY KEY (account, day),
  KEY day_counters_day (day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
