package org.tfps.cluster;

import com.hazelcast.map.impl.MapService;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.impl.operationservice.CallStatus;
import com.hazelcast.spi.impl.operationservice.Offload;
import com.hazelcast.spi.impl.operationservice.Operation;
import java.io.IOException;

/**
 * Carries a {@link CountBatch} to a member, which applies it ({@link Replicas#exchange}). It
 * arrives on one of the member's generic operation threads and is offloaded from there: each
 * partition's writes run on that partition's thread, and the answer (the partitions refused, and
 * those whose backup is the sender) goes back once they all did and the other backups acknowledged.
 */
final class CountsOperation extends Operation implements IdentifiedDataSerializable {

  private CountBatch batch;
  private String map;

  CountsOperation() {}

  CountsOperation(CountBatch batch, String map) {
    this.batch = batch;
    this.map = map;
  }

  @Override
  public CallStatus call() {
    return new Offload(this) {
      @Override
      public void start() {
        new Replicas(getNodeEngine(), map)
            .exchange(batch, getCallerAddress())
            .whenComplete((reply, error) -> sendResponse(error != null ? error : reply));
      }
    };
  }

  @Override
  public String getServiceName() {
    return MapService.SERVICE_NAME;
  }

  @Override
  public int getFactoryId() {
    return Processors.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return Processors.COUNTS;
  }

  @Override
  protected void writeInternal(ObjectDataOutput out) throws IOException {
    out.writeString(map);
    batch.writeTo(out);
  }

  @Override
  protected void readInternal(ObjectDataInput in) throws IOException {
    map = in.readString();
    batch = CountBatch.readFrom(in);
  }
}
