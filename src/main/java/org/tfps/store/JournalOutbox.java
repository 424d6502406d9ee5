package org.tfps.store;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tfps.decision.Outbox;

/** An outbox kept in a local journal (the store's own append-only format), one per channel. */
public final class JournalOutbox implements Outbox, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JournalOutbox.class);

  private final Journal journal;
  private final AtomicLong lost = new AtomicLong();

  private record JournalBatch(Journal.Batch batch) implements Outbox.Batch {
    @Override
    public List<JsonObject> records() {
      return batch.records();
    }
  }

  /** Opens (or creates) the outbox {@code name} in {@code dir}. Blocking. */
  public JournalOutbox(Path dir, String name) {
    this.journal = new Journal(dir, name);
  }

  @Override
  public boolean append(JsonObject record) {
    try {
      journal.append(record);
      return true;
    } catch (RuntimeException e) {
      if (lost.getAndIncrement() % 100 == 0) {
        log.error("outbox {} cannot be written, alerts are being LOST: {}", journal, e.toString());
      }
      return false;
    }
  }

  @Override
  public Outbox.Batch read(int max) throws IOException {
    journal.force();
    return new JournalBatch(journal.read(max));
  }

  @Override
  public void commit(Outbox.Batch batch) throws IOException {
    journal.commit(((JournalBatch) batch).batch());
  }

  @Override
  public void force() throws IOException {
    journal.force();
  }

  @Override
  public long backlog() {
    return journal.backlog();
  }

  @Override
  public void close() throws IOException {
    journal.close();
  }
}
