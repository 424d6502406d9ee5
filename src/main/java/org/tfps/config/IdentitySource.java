package org.tfps.config;

/** The header that names the calling account when no P-tfps header is present. */
public enum IdentitySource {
  FROM,
  P_ASSERTED_IDENTITY,
  REMOTE_PARTY_ID
}
