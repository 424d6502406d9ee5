package org.tfps.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.map.impl.MapServiceContext;
import com.hazelcast.map.impl.record.Record;
import com.hazelcast.map.impl.recordstore.RecordStore;
import org.tfps.decision.AccountState;

/**
 * Reads an account's state from this member's own copy, without a copy of it and without waiting:
 * the live object the map keeps (in-memory format OBJECT), read under the state's own monitor.
 *
 * <p>Hazelcast's public API copies every value it returns (serialized and read back: a few
 * kilobytes per call with the recent attempts) and names only a partition's owner, so this uses the
 * partition table and record store the map's own backup reads use. They are internal types: this
 * class is the one place that depends on them, and ClusterLedgerIT checks it on every build.
 */
final class LocalCopies {

  /** Returned when this member holds no copy of the account's partition. */
  static final AccountState NOT_HERE = new AccountState(0, 1, java.time.Duration.ofMinutes(1));

  private final InternalPartitionService partitions;
  private final Address self;
  private final MapServiceContext maps;
  private final AccountKeys keys;
  private final String map;

  LocalCopies(HazelcastInstance hz, String map) {
    Node node = ((HazelcastInstanceProxy) hz).getOriginal().node;
    this.partitions = node.getPartitionService();
    this.self = node.getThisAddress();
    MapService service = node.getNodeEngine().getService(MapService.SERVICE_NAME);
    this.maps = service.getMapServiceContext();
    this.keys = AccountKeys.of(node.getNodeEngine());
    this.map = map;
  }

  /**
   * The account's state as this member holds it: the live object, null when this member holds the
   * partition but no such account, or {@link #NOT_HERE} when another member must be asked.
   */
  AccountState read(String account) {
    AccountKeys.Key k = keys.of(account);
    Data key = k.data();
    int partition = k.partition();
    if (!partitions.getPartition(partition, false).isOwnerOrBackup(self)) {
      return NOT_HERE;
    }
    RecordStore<?> store = maps.getPartitionContainer(partition).getExistingRecordStore(map);
    if (store == null) {
      return null;
    }
    Object record = store.getStorage().get(key);
    return record == null ? null : (AccountState) ((Record<?>) record).getValue();
  }
}
