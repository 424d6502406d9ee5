package org.tfps.decision;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tfps.engine.Baseline;
import org.tfps.engine.History;
import org.tfps.engine.PastAttempt;

/**
 * An {@link AccountState} as bytes, for the cluster's copies and migrations: TFPS's own format,
 * versioned by its first byte ({@code FORMAT}, or {@code FORMAT_WITH_IDS} when the state keeps the
 * ids of the counts it applied).
 */
final class AccountStateCodec {

  private AccountStateCodec() {}

  /** Writes {@code s} (its caller holds its monitor). */
  static void write(AccountState s, DataOutput out) throws IOException {
    out.writeByte(s.applied == null ? AccountState.FORMAT : AccountState.FORMAT_WITH_IDS);
    out.writeLong(s.firstDay);
    out.writeLong(s.day);
    out.writeInt(s.calls);
    out.writeInt(s.offHours);
    out.writeInt(s.allowed);
    out.writeInt(s.peak);
    out.writeDouble(s.spend);
    out.writeLong(s.lastSeen);
    out.writeBoolean(s.changed);
    out.writeBoolean(s.closedDay != null);
    if (s.closedDay != null) {
      for (long v : s.closedDay) {
        out.writeLong(v);
      }
      out.writeDouble(s.closedSpend);
    }
    s.lastMinute.writeTo(out);
    s.lastHourSpend.writeTo(out);
    out.writeLong(s.leaseMillis);
    s.leases.writeTo(out);
    writeInts(out, s.dailyAllowed);
    writeInts(out, s.dailyPeak);
    out.writeInt(s.baseline.days());
    out.writeDouble(s.baseline.dailyMean());
    out.writeDouble(s.baseline.dailySd());
    out.writeDouble(s.baseline.concurrencyMean());
    out.writeDouble(s.baseline.concurrencySd());
    out.writeByte(s.countries.size());
    for (String c : s.countries) {
      out.writeUTF(c);
    }
    out.writeUTF(s.blockReason);
    out.writeLong(s.blockedUntil == null ? Long.MIN_VALUE : s.blockedUntil.toEpochMilli());
    out.writeByte(s.recent.size());
    for (PastAttempt a : s.recent) {
      a.writeTo(out);
    }
    if (s.applied != null) {
      out.writeShort(s.appliedNext);
      for (long id : s.applied) {
        out.writeLong(id);
      }
    }
  }

  /** Reads a state {@link #write} wrote. */
  static AccountState read(DataInput in) throws IOException {
    int format = in.readByte();
    if (format != AccountState.FORMAT && format != AccountState.FORMAT_WITH_IDS) {
      throw new IOException("unknown account state format " + format);
    }
    long firstDay = in.readLong();
    long day = in.readLong();
    int calls = in.readInt();
    int offHours = in.readInt();
    int allowed = in.readInt();
    int peak = in.readInt();
    double spend = in.readDouble();
    long lastSeen = in.readLong();
    boolean changed = in.readBoolean();
    long[] closedDay = null;
    double closedSpend = 0;
    if (in.readBoolean()) {
      closedDay = new long[5];
      for (int i = 0; i < 5; i++) {
        closedDay[i] = in.readLong();
      }
      closedSpend = in.readDouble();
    }
    Buckets minute = Buckets.readFrom(in);
    Buckets hourSpend = Buckets.readFrom(in);
    long leaseMillis = in.readLong();
    Leases leases = Leases.readFrom(in);
    AccountState s =
        new AccountState(firstDay, minute, hourSpend, leaseMillis, readInts(in), readInts(in));
    s.leases = leases;
    s.day = day;
    s.calls = calls;
    s.offHours = offHours;
    s.allowed = allowed;
    s.peak = peak;
    s.spend = spend;
    s.lastSeen = lastSeen;
    s.changed = changed;
    s.closedDay = closedDay;
    s.closedSpend = closedSpend;
    s.baseline =
        new Baseline(
            in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
    int n = in.readUnsignedByte();
    Set<String> countries = new HashSet<>();
    for (int i = 0; i < n; i++) {
      countries.add(in.readUTF());
    }
    s.countries = Set.copyOf(countries);
    s.blockReason = in.readUTF();
    long until = in.readLong();
    s.blockedUntil = until == Long.MIN_VALUE ? null : Instant.ofEpochMilli(until);
    int recent = in.readUnsignedByte();
    List<PastAttempt> attempts = new ArrayList<>(recent);
    for (int i = 0; i < recent; i++) {
      attempts.add(PastAttempt.readFrom(in));
    }
    s.recent = History.of(attempts);
    if (format == AccountState.FORMAT_WITH_IDS) {
      s.appliedNext = in.readUnsignedShort();
      s.applied = new long[AccountState.APPLIED_IDS];
      for (int i = 0; i < AccountState.APPLIED_IDS; i++) {
        s.applied[i] = in.readLong();
      }
    }
    return s;
  }

  private static void writeInts(DataOutput out, int[] values) throws IOException {
    out.writeShort(values.length);
    for (int v : values) {
      out.writeInt(v);
    }
  }

  private static int[] readInts(DataInput in) throws IOException {
    int[] values = new int[in.readUnsignedShort()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readInt();
    }
    return values;
  }
}
