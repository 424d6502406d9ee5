package org.tfps.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tfps.decision.AccountState;
import org.tfps.decision.CallEnd;
import org.tfps.decision.DayCount;
import org.tfps.decision.LedgerSettings;

/**
 * What members do to an account's state where it lives (its partition's owner, then its backup):
 * block, end a call, put back a snapshot, take the changed day counters, forget it when idle. Each
 * runs on the partition's thread. Counts go in batches instead ({@link CountsOperation}); this
 * factory creates their operation too.
 */
final class Processors {

  static final int FACTORY_ID = 7100;
  // 1 was the count of one call, before counts were batched (CountsOperation).
  private static final int BLOCK = 2;
  private static final int RESTORE = 3;
  private static final int TAKE_CHANGED = 4;
  private static final int MARK_CHANGED = 5;
  private static final int FORGET = 6;
  private static final int END_CALL = 7;
  private static final int UNBLOCK = 8;
  private static final int RESET = 9;
  private static final int PUT = 10;
  static final int COUNTS = 11;

  private Processors() {}

  /** Creates the processors by id on the member that runs them. */
  static DataSerializableFactory factory() {
    return id ->
        switch (id) {
          case BLOCK -> new Block();
          case RESTORE -> new Restore();
          case TAKE_CHANGED -> new TakeChanged();
          case MARK_CHANGED -> new MarkChanged();
          case FORGET -> new Forget();
          case END_CALL -> new EndCall();
          case UNBLOCK -> new Unblock();
          case RESET -> new Reset();
          case PUT -> new Put();
          case COUNTS -> new CountsOperation();
          default -> null;
        };
  }

  /** The settings a member needs to create a state where none is. */
  abstract static class Base
      implements EntryProcessor<String, AccountState, Object>, IdentifiedDataSerializable {
    int windowDays;
    long concurrencyWindowMillis;
    long historyWindowMillis;

    Base() {}

    Base(LedgerSettings s) {
      windowDays = s.windowDays();
      concurrencyWindowMillis = s.concurrencyWindow().toMillis();
      historyWindowMillis = s.historyWindow().toMillis();
    }

    AccountState newState(long today) {
      return new AccountState(today, windowDays, Duration.ofMillis(concurrencyWindowMillis));
    }

    @Override
    public int getFactoryId() {
      return FACTORY_ID;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeInt(windowDays);
      out.writeLong(concurrencyWindowMillis);
      out.writeLong(historyWindowMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      windowDays = in.readInt();
      concurrencyWindowMillis = in.readLong();
      historyWindowMillis = in.readLong();
    }
  }

  /** Blocks the account (the longer block wins). */
  static final class Block extends Base {
    private String reason;
    private long until;

    Block() {}

    Block(LedgerSettings s, String reason, Instant until) {
      super(s);
      this.reason = reason;
      this.until = until.toEpochMilli();
    }

    @Override
    public Object process(Map.Entry<String, AccountState> e) {
      AccountState s = e.getValue();
      if (s == null) {
        s = newState(Long.MIN_VALUE);
      }
      s.block(reason, Instant.ofEpochMilli(until));
      e.setValue(s);
      return null;
    }

    @Override
    public int getClassId() {
      return BLOCK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      out.writeString(reason);
      out.writeLong(until);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      reason = in.readString();
      until = in.readLong();
    }
  }

  /** Puts back an account's snapshotted days, unless it already counts calls. */
  static final class Restore extends Base {
    private List<DayCount> days;

    Restore() {}

    Restore(LedgerSettings s, List<DayCount> days) {
      super(s);
      this.days = days;
    }

    /** What the owner decided, for the backup to take as it is (set on the owner only). */
    private transient AccountState outcome;

    @Override
    public Object process(Map.Entry<String, AccountState> e) {
      AccountState restored =
          AccountState.restored(days, windowDays, Duration.ofMillis(concurrencyWindowMillis));
      AccountState s = e.getValue();
      if (s == null) {
        e.setValue(restored);
        outcome = restored;
      } else if (s.takeRestored(restored)) {
        e.setValue(s);
        outcome = s;
      }
      return null;
    }

    /**
     * The backup takes the owner's outcome rather than deciding again: a backup copy that lags (a
     * member joining, partitions moving) would otherwise take the snapshot over counts the owner
     * kept. Nothing when the owner changed nothing.
     */
    @Override
    public EntryProcessor<String, AccountState, Object> getBackupProcessor() {
      return outcome == null ? null : new Put(outcome);
    }

    @Override
    public int getClassId() {
      return RESTORE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      out.writeInt(days.size());
      for (DayCount c : days) {
        writeDayCount(out, c);
      }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      int n = in.readInt();
      days = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        days.add(readDayCount(in));
      }
    }
  }

  /**
   * Takes the day counters not yet snapshotted, encoded. Runs on the owner only: a backup keeps
   * them as changed, so after a failover they are written once more (the database keeps the larger
   * count).
   */
  static final class TakeChanged extends Base {
    @Override
    public Object process(Map.Entry<String, AccountState> e) {
      AccountState s = e.getValue();
      if (s == null) {
        return null;
      }
      List<DayCount> changed = s.takeChanged(e.getKey());
      if (changed.isEmpty()) {
        return null;
      }
      e.setValue(s);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(changed.size());
        for (DayCount c : changed) {
          writeDayCount(out, c);
        }
      } catch (IOException impossible) {
        throw new UncheckedIOException(impossible);
      }
      return bytes.toByteArray();
    }

    @Override
    public EntryProcessor<String, AccountState, Object> getBackupProcessor() {
      return null;
    }

    @Override
    public int getClassId() {
      return TAKE_CHANGED;
    }
  }

  /** A snapshot failed: the counters are written again next time. */
  static final class MarkChanged extends Base {
    private DayCount count;

    MarkChanged() {}

    MarkChanged(DayCount count) {
      this.count = count;
    }

    @Override
    public Object process(Map.Entry<String, AccountState> e) {
      AccountState s = e.getValue();
      if (s != null) {
        s.markChanged(count);
        e.setValue(s);
      }
      return null;
    }

    @Override
    public EntryProcessor<String, AccountState, Object> getBackupProcessor() {
      return null;
    }

    @Override
    public int getClassId() {
      return MARK_CHANGED;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      writeDayCount(out, count);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      count = readDayCount(in);
    }
  }

  /** Removes the account when it is idle for a whole learning window and not blocked. */
  static final class Forget extends Base {
    private long now;

    Forget() {}

    Forget(Instant now) {
      this.now = now.toEpochMilli();
    }

    @Override
    public Object process(Map.Entry<String, AccountState> e) {
      AccountState s = e.getValue();
      if (s != null && s.idle(Instant.ofEpochMilli(now))) {
        e.setValue(null);
        return Boolean.TRUE;
      }
      return Boolean.FALSE;
    }

    @Override
    public int getClassId() {
      return FORGET;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      out.writeLong(now);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      now = in.readLong();
    }
  }

  /** Ends a call's lease; answers the {@link CallEnd} ordinal. */
  static final class EndCall extends Base {
    private String callId;
    private long at;

    EndCall() {}

    EndCall(String callId, Instant at) {
      this.callId = callId;
      this.at = at.toEpochMilli();
    }

    @Override
    public Object process(Map.Entry<String, AccountState> e) {
      AccountState s = e.getValue();
      if (s == null) {
        return CallEnd.UNKNOWN.ordinal();
      }
      CallEnd end = s.endCall(callId, Instant.ofEpochMilli(at));
      if (end == CallEnd.ENDED) {
        e.setValue(s);
      }
      return end.ordinal();
    }

    @Override
    public int getClassId() {
      return END_CALL;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      out.writeString(callId);
      out.writeLong(at);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      callId = in.readString();
      at = in.readLong();
    }
  }

  /** An operator lifts the account's block. */
  static final class Unblock extends Base {

    Unblock() {}

    @Override
    public Object process(Map.Entry<String, AccountState> e) {
      AccountState s = e.getValue();
      if (s != null) {
        s.unblock();
        e.setValue(s);
      }
      return null;
    }

    @Override
    public int getClassId() {
      return UNBLOCK;
    }
  }

  /** An operator starts the account's quotas of the day and its rate windows again. */
  static final class Reset extends Base {
    private long today;

    Reset() {}

    Reset(long today) {
      this.today = today;
    }

    @Override
    public Object process(Map.Entry<String, AccountState> e) {
      AccountState s = e.getValue();
      if (s != null) {
        s.reset(today);
        e.setValue(s);
      }
      return null;
    }

    @Override
    public int getClassId() {
      return RESET;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      out.writeLong(today);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      today = in.readLong();
    }
  }

  /** Sets the account's state to the owner's (the backup of {@link Restore}). */
  static final class Put extends Base {
    private AccountState state;

    Put() {}

    Put(AccountState state) {
      this.state = state;
    }

    @Override
    public Object process(Map.Entry<String, AccountState> e) {
      e.setValue(state);
      return null;
    }

    @Override
    public int getClassId() {
      return PUT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      state.writeTo(out);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      state = AccountState.readFrom(in);
    }
  }

  static void writeDayCount(java.io.DataOutput out, DayCount c) throws IOException {
    out.writeUTF(c.account());
    out.writeLong(c.day().toEpochDay());
    out.writeInt(c.calls());
    out.writeInt(c.offHours());
    out.writeInt(c.allowed());
    out.writeDouble(c.spend());
    out.writeInt(c.peak());
    writeNullable(out, c.countries());
    writeNullable(out, c.leases());
  }

  private static void writeNullable(java.io.DataOutput out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String readNullable(java.io.DataInput in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  static DayCount readDayCount(java.io.DataInput in) throws IOException {
    return new DayCount(
        in.readUTF(),
        LocalDate.ofEpochDay(in.readLong()),
        in.readInt(),
        in.readInt(),
        in.readInt(),
        in.readDouble(),
        in.readInt(),
        readNullable(in),
        readNullable(in));
  }
}
