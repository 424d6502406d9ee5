package org.tfps.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tfps.decision.LedgerEntry;
import org.tfps.decision.LedgerSettings;
import org.tfps.engine.PastAttempt;

/**
 * Counts sent together to one member: per partition, per account, the calls of one write; the
 * writes of partitions the member owns ({@code owned}: it applies them as their owner) and of
 * partitions it is the backup of ({@code backups}: their owner, the sender, applied them already).
 * A write carries an id, so a write delivered twice (sent again after a member left, or to a copy
 * that had it already) is applied once ({@link org.tfps.decision.AccountState#countOnce(long, List,
 * long[], Duration)}).
 *
 * @param windowDays the sender's learning window, for accounts the receiver creates
 * @param concurrencyMillis how long the calls' leases last
 * @param historyMillis how long the recent attempts are kept
 */
record CountBatch(
    int windowDays,
    long concurrencyMillis,
    long historyMillis,
    List<Part> owned,
    List<Part> backups) {

  /** Calls of more accounts than this in one batch, or more calls of one write, are refused. */
  static final int MAX_ITEMS = 1 << 20;

  CountBatch {
    owned = List.copyOf(owned);
    backups = List.copyOf(backups);
  }

  CountBatch(LedgerSettings s, List<Part> owned, List<Part> backups) {
    this(
        s.windowDays(),
        s.concurrencyWindow().toMillis(),
        s.historyWindow().toMillis(),
        owned,
        backups);
  }

  /** The same settings with only backups (what an owner sends on to another member). */
  CountBatch backupsOnly(List<Part> parts) {
    return new CountBatch(windowDays, concurrencyMillis, historyMillis, List.of(), parts);
  }

  /** Calls in the batch. */
  int calls() {
    int n = 0;
    for (List<Part> list : List.of(owned, backups)) {
      for (Part p : list) {
        for (Write w : p.writes()) {
          n += w.calls().size();
        }
      }
    }
    return n;
  }

  /** The writes of one partition's accounts, each account's in the order they were made. */
  record Part(int partition, List<Write> writes) {
    Part {
      writes = List.copyOf(writes);
    }
  }

  /**
   * Calls of one account counted on one member, applied together and once.
   *
   * @param id unique to the write, never 0
   * @param days each call's epoch day in the account's zone
   */
  record Write(String account, long id, long[] days, List<LedgerEntry> calls) {
    Write {
      if (days.length != calls.size()) {
        throw new IllegalArgumentException(days.length + " days for " + calls.size() + " calls");
      }
      calls = List.copyOf(calls);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Write w
          && w.id == id
          && w.account.equals(account)
          && Arrays.equals(w.days, days)
          && w.calls.equals(calls);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(id);
    }

    @Override
    public String toString() {
      return "Write[" + account + ", " + id + ", " + calls.size() + " calls]";
    }
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeInt(windowDays);
    out.writeLong(concurrencyMillis);
    out.writeLong(historyMillis);
    writeParts(out, owned);
    writeParts(out, backups);
  }

  static CountBatch readFrom(DataInput in) throws IOException {
    int windowDays = in.readInt();
    long concurrency = in.readLong();
    long history = in.readLong();
    List<Part> owned = readParts(in);
    return new CountBatch(windowDays, concurrency, history, owned, readParts(in));
  }

  private static void writeParts(DataOutput out, List<Part> parts) throws IOException {
    out.writeInt(parts.size());
    for (Part p : parts) {
      out.writeInt(p.partition());
      out.writeInt(p.writes().size());
      for (Write w : p.writes()) {
        out.writeUTF(w.account());
        out.writeLong(w.id());
        out.writeInt(w.calls().size());
        for (int i = 0; i < w.calls().size(); i++) {
          out.writeLong(w.days()[i]);
          writeEntry(out, w.calls().get(i));
        }
      }
    }
  }

  private static List<Part> readParts(DataInput in) throws IOException {
    int partCount = size(in.readInt());
    List<Part> parts = new ArrayList<>(partCount);
    for (int p = 0; p < partCount; p++) {
      int partition = in.readInt();
      int writeCount = size(in.readInt());
      List<Write> writes = new ArrayList<>(writeCount);
      for (int w = 0; w < writeCount; w++) {
        String account = in.readUTF();
        long id = in.readLong();
        int n = size(in.readInt());
        long[] days = new long[n];
        List<LedgerEntry> calls = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          days[i] = in.readLong();
          calls.add(readEntry(in));
        }
        writes.add(new Write(account, id, days, calls));
      }
      parts.add(new Part(partition, writes));
    }
    return parts;
  }

  private static int size(int n) throws IOException {
    if (n < 0 || n > MAX_ITEMS) {
      throw new IOException("not a count batch: a length of " + n);
    }
    return n;
  }

  static void writeEntry(DataOutput out, LedgerEntry e) throws IOException {
    out.writeLong(e.at().toEpochMilli());
    out.writeBoolean(e.offHours());
    out.writeBoolean(e.allowed());
    writeNullable(out, e.country());
    out.writeDouble(e.cost());
    out.writeInt(e.concurrent());
    writeNullable(out, e.callId());
    PastAttempt a = e.attempt();
    out.writeBoolean(a != null);
    if (a != null) {
      a.writeTo(out);
    }
  }

  static LedgerEntry readEntry(DataInput in) throws IOException {
    Instant at = Instant.ofEpochMilli(in.readLong());
    boolean offHours = in.readBoolean();
    boolean allowed = in.readBoolean();
    String country = readNullable(in);
    double cost = in.readDouble();
    int concurrent = in.readInt();
    String callId = readNullable(in);
    PastAttempt attempt = in.readBoolean() ? PastAttempt.readFrom(in) : null;
    return new LedgerEntry(at, offHours, allowed, country, cost, concurrent, callId, attempt);
  }

  private static void writeNullable(DataOutput out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String readNullable(DataInput in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
