package org.tfps.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.decision.AccountRepository;
import org.tfps.decision.AccountSettings;
import org.tfps.decision.AccountShare;
import org.tfps.decision.LimitSettings;
import org.tfps.decision.ProvisionedAccounts;

/**
 * The provisioned accounts, the same on every member: a replicated map (every member holds all of
 * it) of account to settings. An operator's change on one member reaches the others, which keep it
 * in memory and in their own database, so a pair whose members each have a local database stays
 * alike, and a member that joins later takes what the cluster has.
 */
final class SharedAccounts implements AccountShare {

  private static final Logger log = LoggerFactory.getLogger(SharedAccounts.class);

  static final String MAP = "tfps-account-settings";

  private final ReplicatedMap<String, byte[]> map;
  private final ProvisionedAccounts accounts;
  private final AccountRepository repository;

  SharedAccounts(HazelcastInstance hz, ProvisionedAccounts accounts, AccountRepository repository) {
    this.map = hz.getReplicatedMap(MAP);
    this.accounts = accounts;
    this.repository = repository;
    map.addEntryListener(new Listener());
  }

  @Override
  public void changed(AccountSettings s) {
    map.put(s.account(), write(s));
  }

  @Override
  public void deleted(String account) {
    map.remove(account);
  }

  /**
   * After this node loaded its database: takes the cluster's accounts it does not have (or has
   * older), and gives the cluster those only it has. Returns how many it took.
   */
  int join() {
    int taken = 0;
    for (var e : map.entrySet()) {
      AccountSettings theirs = read(e.getValue());
      AccountSettings mine = accounts.settings(e.getKey());
      if (mine == null || newer(theirs, mine)) {
        take(theirs);
        taken++;
      }
    }
    List<AccountSettings> given = new ArrayList<>();
    for (AccountSettings mine : accounts.all()) {
      byte[] theirs = map.get(mine.account());
      if (theirs == null || newer(mine, read(theirs))) {
        map.put(mine.account(), write(mine));
        given.add(mine);
      }
    }
    if (taken > 0 || !given.isEmpty()) {
      log.info(
          "provisioned accounts: {} taken from the cluster, {} given to it", taken, given.size());
    }
    return taken;
  }

  private static boolean newer(AccountSettings a, AccountSettings b) {
    return a.updatedAt() != null && (b.updatedAt() == null || a.updatedAt().isAfter(b.updatedAt()));
  }

  /**
   * Another member's change: kept in memory at once, and in this node's database, unless this node
   * has a newer one (two operators editing at once: the later edit wins on every member).
   */
  private void take(AccountSettings s) {
    AccountSettings mine = accounts.settings(s.account());
    if (s.equals(mine) || (mine != null && newer(mine, s))) {
      return;
    }
    accounts.put(s);
    repository
        .put(s)
        .onFailure(
            e ->
                log.error(
                    "account {} changed on another member is not in this node's database ({});"
                        + " it is decided with it until this node restarts",
                    s.account(),
                    e.getMessage()));
  }

  private void drop(String account) {
    if (accounts.settings(account) == null) {
      return;
    }
    accounts.remove(account);
    repository
        .delete(account)
        .onFailure(
            e ->
                log.error(
                    "account {} deleted on another member is still in this node's database ({})",
                    account,
                    e.getMessage()));
  }

  private final class Listener implements EntryListener<String, byte[]> {
    @Override
    public void entryAdded(EntryEvent<String, byte[]> e) {
      if (!e.getMember().localMember()) {
        take(read(e.getValue()));
      }
    }

    @Override
    public void entryUpdated(EntryEvent<String, byte[]> e) {
      entryAdded(e);
    }

    @Override
    public void entryRemoved(EntryEvent<String, byte[]> e) {
      if (!e.getMember().localMember()) {
        drop(e.getKey());
      }
    }

    @Override
    public void entryEvicted(EntryEvent<String, byte[]> e) {}

    @Override
    public void entryExpired(EntryEvent<String, byte[]> e) {}

    @Override
    public void mapCleared(MapEvent e) {}

    @Override
    public void mapEvicted(MapEvent e) {}
  }

  /**
   * The form of the settings in the replicated map: 3 adds monitor-only to 2, which is still read
   * (a member of the previous version sends it during a rolling upgrade).
   */
  private static final int FORMAT = 3;

  static byte[] write(AccountSettings s) {
    try {
      ByteArrayOutputStream b = new ByteArrayOutputStream(256);
      DataOutputStream out = new DataOutputStream(b);
      out.writeByte(FORMAT);
      out.writeUTF(s.account());
      text(out, s.homeCountry());
      list(out, s.internationalPrefixes());
      text(out, s.outsideLinePrefix());
      text(out, s.timeZone());
      list(out, s.businessHours());
      LimitSettings l = s.limits();
      for (Integer n :
          new Integer[] {
            l.concurrentBusiness(),
            l.concurrentOffHours(),
            l.perMinuteBusiness(),
            l.perMinuteOffHours(),
            l.perDay(),
            l.perDayOffHours()
          }) {
        out.writeLong(n == null ? Long.MIN_VALUE : n);
      }
      for (Double d :
          new Double[] {l.maxRatePerMinute(), l.maxSpendPerHour(), l.maxSpendPerDay()}) {
        out.writeBoolean(d != null);
        out.writeDouble(d == null ? 0 : d);
      }
      text(out, s.pinHash());
      list(out, s.emails());
      list(out, s.webhooks());
      list(out, s.authorized());
      list(out, s.blockedDestinations());
      out.writeByte(s.monitorOnly() == null ? -1 : s.monitorOnly() ? 1 : 0);
      out.writeLong(s.createdAt() == null ? Long.MIN_VALUE : s.createdAt().toEpochMilli());
      out.writeLong(s.updatedAt() == null ? Long.MIN_VALUE : s.updatedAt().toEpochMilli());
      out.flush();
      return b.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static AccountSettings read(byte[] bytes) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      int format = in.readByte();
      if (format != 2 && format != FORMAT) {
        throw new IOException("unknown account settings format " + format);
      }
      String account = in.readUTF();
      String home = text(in);
      List<String> prefixes = list(in);
      String outside = text(in);
      String zone = text(in);
      List<String> hours = list(in);
      Integer[] n = new Integer[6];
      for (int i = 0; i < n.length; i++) {
        long v = in.readLong();
        n[i] = v == Long.MIN_VALUE ? null : (int) v;
      }
      Double[] d = new Double[3];
      for (int i = 0; i < d.length; i++) {
        boolean present = in.readBoolean();
        double v = in.readDouble();
        d[i] = present ? v : null;
      }
      String pin = text(in);
      List<String> emails = list(in);
      List<String> webhooks = list(in);
      List<String> authorized = list(in);
      List<String> blocked = list(in);
      int monitor = format >= 3 ? in.readByte() : -1; // format 2 had no monitor-only setting
      long created = in.readLong();
      long updated = in.readLong();
      return new AccountSettings(
          account,
          home,
          prefixes,
          outside,
          zone,
          hours,
          new LimitSettings(n[0], n[1], n[2], n[3], n[4], n[5], d[0], d[1], d[2]),
          pin,
          emails,
          webhooks,
          authorized,
          blocked,
          monitor < 0 ? null : monitor == 1,
          created == Long.MIN_VALUE ? null : Instant.ofEpochMilli(created),
          updated == Long.MIN_VALUE ? null : Instant.ofEpochMilli(updated));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void text(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static String text(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  private static void list(DataOutputStream out, List<String> l) throws IOException {
    out.writeInt(l == null ? -1 : l.size());
    if (l != null) {
      for (String s : l) {
        out.writeUTF(Objects.requireNonNull(s));
      }
    }
  }

  private static List<String> list(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    List<String> l = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      l.add(in.readUTF());
    }
    return l;
  }
}
