package org.tfps.decision;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;

/**
 * Port: a durable queue of records, in order, that survives a restart (the alerts waiting for their
 * delivery). Appending is cheap and never waits for the network; reading and committing are
 * blocking and run off the event loops.
 */
public interface Outbox extends AutoCloseable {

  /** Records read and not yet committed; {@link #commit} them once delivered. */
  interface Batch {
    List<JsonObject> records();
  }

  /** Appends a record (thread-safe); false when it could not be kept (a full disk: logged). */
  boolean append(JsonObject record);

  /** Up to {@code max} records from the oldest not yet committed. Blocking. */
  Batch read(int max) throws IOException;

  /** Marks {@code batch} delivered: it is not read again, even after a restart. Blocking. */
  void commit(Batch batch) throws IOException;

  /** Forces what was appended to the disk. Blocking. */
  void force() throws IOException;

  /** Records waiting. */
  long backlog();

  /** Closes it; what is not committed is read again at the next start. */
  @Override
  void close() throws IOException;
}
