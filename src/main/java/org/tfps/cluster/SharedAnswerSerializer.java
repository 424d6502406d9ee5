package org.tfps.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;
import java.time.Instant;
import org.tfps.intel.SharedAnswers;

/** A reputation answer in the cluster: its text (the source's codec) and its expiry, in ms. */
final class SharedAnswerSerializer implements StreamSerializer<SharedAnswers.Answer> {

  static final int TYPE_ID = 7102;

  @Override
  public int getTypeId() {
    return TYPE_ID;
  }

  @Override
  public void write(ObjectDataOutput out, SharedAnswers.Answer answer) throws IOException {
    out.writeString(answer.value());
    out.writeLong(answer.expiresAt().toEpochMilli());
  }

  @Override
  public SharedAnswers.Answer read(ObjectDataInput in) throws IOException {
    String value = in.readString();
    return new SharedAnswers.Answer(value, Instant.ofEpochMilli(in.readLong()));
  }
}
