package org.tfps.decision;

/** What a call record did to the lease of the call it describes. */
public enum CallEnd {
  /** The call's lease ended: it no longer counts as up. */
  ENDED,
  /** The call's lease had already ended: a call record sent twice. */
  ALREADY_ENDED,
  /** TFPS allowed no call with that Call-ID for that account (or its lease expired long ago). */
  UNKNOWN
}
