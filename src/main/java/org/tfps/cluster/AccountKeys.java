package org.tfps.cluster;

import com.hazelcast.internal.partition.IPartitionService;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.spi.impl.NodeEngine;

/**
 * An account's key as the accounts map holds it (serialized) and its partition, serialized once and
 * then found again: every call reads its account's copy and every count is applied to it, each by
 * this key, and serializing it was a percent of the process at the benchmark's top rates.
 *
 * <p>A fixed table of {@link #SLOTS} slots, each holding the last account whose name hashes there:
 * bounded memory whatever the number of accounts, and an account that lost its slot is serialized
 * again. Slots are written without a lock by any thread (the SIP loop, the partition threads); a
 * {@link Key}'s fields are final, so a thread that sees a key sees it whole. One per member, kept
 * in the member's user context so the counts sent by other members use it too.
 */
final class AccountKeys {

  /** Slots in the table (a power of two). */
  static final int SLOTS = 4096;

  /** An account, its serialized key and the key's partition. */
  record Key(String account, Data data, int partition) {}

  private final SerializationService serialization;
  private final IPartitionService partitions;
  private final Key[] slots = new Key[SLOTS];

  AccountKeys(SerializationService serialization, IPartitionService partitions) {
    this.serialization = serialization;
    this.partitions = partitions;
  }

  /** The member's table (made on first use). */
  static AccountKeys of(NodeEngine engine) {
    return (AccountKeys)
        engine
            .getHazelcastInstance()
            .getUserContext()
            .computeIfAbsent(
                AccountKeys.class.getName(),
                k ->
                    new AccountKeys(
                        engine.getSerializationService(), engine.getPartitionService()));
  }

  /** {@code account}'s key. */
  Key of(String account) {
    int h = account.hashCode();
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    Key k = slots[slot];
    if (k != null && k.account.equals(account)) {
      return k;
    }
    Data data = serialization.toData(account);
    k = new Key(account, data, partitions.getPartitionId(data));
    slots[slot] = k;
    return k;
  }
}
