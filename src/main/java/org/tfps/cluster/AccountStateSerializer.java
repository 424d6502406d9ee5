package org.tfps.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;
import org.tfps.decision.AccountState;

/** Carries an account's state between members (backups, migrations, reads of a remote entry). */
final class AccountStateSerializer implements StreamSerializer<AccountState> {

  static final int TYPE_ID = 7101;

  @Override
  public int getTypeId() {
    return TYPE_ID;
  }

  @Override
  public void write(ObjectDataOutput out, AccountState state) throws IOException {
    state.writeTo(out);
  }

  @Override
  public AccountState read(ObjectDataInput in) throws IOException {
    return AccountState.readFrom(in);
  }
}
