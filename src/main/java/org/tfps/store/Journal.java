package org.tfps.store;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local write-ahead journal of everything TFPS keeps in the database: one JSON record per line
 * in {@code <name>.journal}, appended on the call path, and a committed read offset in {@code
 * <name>.offset}, advanced once the records up to it are in the database. A record appended here
 * survives the process being killed (it is in the kernel's page cache); the writer forces the file
 * to disk once per cycle (every 50 ms while it keeps up, every retry interval during an outage,
 * longer while a write is slow, up to its 30 s timeout), so a machine crash can lose the records of
 * that interval.
 *
 * <p>One reader (the store writer) at a time; appends from any thread.
 */
final class Journal implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Journal.class);

  /** Past this size, a fully committed journal is truncated. */
  static final long ROTATE_BYTES = 64L << 20;

  private final long rotateBytes;
  private final Path file;
  private final Path offsetFile;
  private final FileChannel out;
  private final FileChannel in;
  private long committed;
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong done = new AtomicLong();

  /** A batch of records read from the journal, and the offset just after them. */
  record Batch(List<JsonObject> records, long end) {}

  /**
   * Opens (or creates) the journal {@code name} in {@code dir}. A torn last line (the process died
   * in the middle of an append) is cut off; records after the committed offset will be written.
   */
  Journal(Path dir, String name) {
    this(dir, name, ROTATE_BYTES);
  }

  /** As above, truncating a fully committed journal once it reaches {@code rotateBytes}. */
  Journal(Path dir, String name, long rotateBytes) {
    this.rotateBytes = rotateBytes;
    try {
      Files.createDirectories(dir);
      file = dir.resolve(name + ".journal");
      if (!Files.exists(file)) {
        // Call data: readable by the TFPS user only.
        Files.createFile(
            file,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      }
      offsetFile = dir.resolve(name + ".offset");
      out =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      in = FileChannel.open(file, StandardOpenOption.READ);
      long size = cutTornLine();
      committed =
          Files.exists(offsetFile)
              ? Math.min(size, Long.parseLong(Files.readString(offsetFile).trim()))
              : 0;
      out.position(size);
      long pending = countLines(committed, size);
      appended.set(pending);
      if (pending > 0) {
        log.info("journal {} holds {} records not yet in the database", file, pending);
      }
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException(
          "cannot open the store journal in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Appends one record. Thread-safe; one write to the page cache. */
  void append(JsonObject record) {
    byte[] line = (record.encode() + "\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.wrap(line);
    synchronized (this) {
      try {
        while (buf.hasRemaining()) {
          out.write(buf);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("store journal " + file + " cannot be written", e);
      }
    }
    appended.incrementAndGet();
  }

  /** Up to {@code max} records after the committed offset (the offset does not move). */
  Batch read(int max) throws IOException {
    return read(committed, max);
  }

  /** Every record not yet committed, in order (startup: blocks waiting for the database). */
  void scanPending(java.util.function.Consumer<JsonObject> each) throws IOException {
    long pos = committed;
    while (true) {
      Batch b = read(pos, 1000);
      if (b.records().isEmpty()) {
        return;
      }
      b.records().forEach(each);
      pos = b.end();
    }
  }

  private Batch read(long from, int max) throws IOException {
    long size;
    synchronized (this) {
      size = out.position();
    }
    List<JsonObject> records = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(512);
    long pos = from;
    long end = from;
    while (pos < size && records.size() < max) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), size - pos));
      int n = in.read(buf, pos);
      if (n <= 0) {
        break;
      }
      byte[] bytes = buf.array();
      int start = 0;
      for (int i = 0; i < n && records.size() < max; i++) {
        if (bytes[i] == '\n') {
          line.write(bytes, start, i - start);
          end = pos + i + 1;
          start = i + 1;
          String text = line.toString(StandardCharsets.UTF_8);
          line.reset();
          if (!text.isBlank()) {
            records.add(parse(text));
          }
        }
      }
      if (records.size() >= max) {
        break;
      }
      line.write(bytes, start, n - start);
      pos += n;
    }
    return new Batch(records, end);
  }

  /** A line as a record; a line that is not JSON becomes a "corrupt" record the writer rejects. */
  private static JsonObject parse(String text) {
    try {
      return new JsonObject(text);
    } catch (io.vertx.core.json.DecodeException e) {
      return new JsonObject().put("type", "corrupt").put("text", text);
    }
  }

  /**
   * Records up to {@code end} are in the database: persist the offset (atomically), force the file,
   * and truncate it when everything is committed and it has grown large.
   */
  void commit(Batch batch) throws IOException {
    committed = batch.end();
    done.addAndGet(batch.records().size());
    Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
    Files.writeString(tmp, Long.toString(committed));
    Files.move(
        tmp, offsetFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    synchronized (this) {
      if (committed == out.position() && committed >= rotateBytes) {
        out.truncate(0);
        out.position(0);
        committed = 0;
        Files.writeString(tmp, "0");
        Files.move(
            tmp, offsetFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** Forces appended records to disk. */
  void force() throws IOException {
    out.force(false);
  }

  /** Records appended and not yet committed. */
  long backlog() {
    return appended.get() - done.get();
  }

  /** Records committed since the journal was opened. */
  long committedRecords() {
    return done.get();
  }

  @Override
  public void close() throws IOException {
    out.close();
    in.close();
  }

  private long cutTornLine() throws IOException {
    long size = out.size();
    if (size == 0) {
      return 0;
    }
    ByteBuffer one = ByteBuffer.allocate(1);
    long end = size;
    while (end > 0) {
      one.clear();
      in.read(one, end - 1);
      if (one.get(0) == '\n') {
        break;
      }
      end--;
    }
    if (end < size) {
      log.warn("journal {}: cut {} bytes of a record torn by a crash", file, size - end);
      out.truncate(end);
    }
    return end;
  }

  private long countLines(long from, long to) throws IOException {
    long lines = 0;
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    for (long pos = from; pos < to; ) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), to - pos));
      int n = in.read(buf, pos);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (buf.get(i) == '\n') {
          lines++;
        }
      }
      pos += n;
    }
    return lines;
  }
}
