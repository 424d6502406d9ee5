package org.tfps.store;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local write-ahead journal of everything TFPS keeps in the database: one JSON record per line,
 * appended on the call path, in segment files {@code <name>-<n>.journal}, and the committed read
 * position ({@code <segment> <offset>}) in {@code <name>.offset}, advanced once the records up to
 * it are in the database. Appends move to a new segment once the current one reaches {@code
 * rotateBytes}; a segment is deleted once everything in it is committed, so the journal stays about
 * the size of what the database has not got yet, whatever the load.
 *
 * <p>A record appended here survives the process being killed (it is in the kernel's page cache);
 * the writer forces the file to disk once per cycle (every 50 ms while it keeps up, every retry
 * interval during an outage, longer while a write is slow, up to its 30 s timeout), so a machine
 * crash can lose the records of that interval.
 *
 * <p>A journal that holds records ({@link #holding}) also keeps the latest appended records in
 * memory, up to a bound, with their place in the file: while the reader keeps up it takes them from
 * there instead of reading the file back and parsing it again. When the bound is reached (the
 * database is down or slow), further records are only in the file, and the reader reads them from
 * there until it is back at the records held. Held records are the caller's objects: it must not
 * change them after the append, and must put only JSON types in them (strings, numbers, booleans,
 * JSON objects and arrays), so that a record reads the same from memory as from the file.
 *
 * <p>One reader (the store writer) at a time; appends from any thread.
 */
final class Journal implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Journal.class);

  /** Appends move to a new segment once the current one reaches this size. */
  static final long ROTATE_BYTES = 64L << 20;

  private final long rotateBytes;
  private final Path dir;
  private final String name;
  private final Path offsetFile;
  private final Pattern segmentName;

  /** The segment appends go to, and its channel. Guarded by this. */
  private long writeSeq;

  private FileChannel out;

  /**
   * Where the next append goes in {@link #out} (kept here: asking the channel is a system call).
   */
  private long writePos;

  /** The most records held in memory for the reader; 0: none. */
  private final int holdMax;

  /** A record held in memory, and where it lies in the journal: segment, first byte, end. */
  private record Held(JsonObject record, long seq, long start, long end) {}

  /** The latest appended records, oldest first, at most {@link #holdMax}. Guarded by this. */
  private final ArrayDeque<Held> held = new ArrayDeque<>();

  /** Segments appends have left, to be forced and closed by the writer. Guarded by this. */
  private final List<FileChannel> retired = new ArrayList<>();

  /** The segment the reader is in, its channel, and the committed offset in it. Reader only. */
  private long readSeq;

  private FileChannel in;
  private long committed;
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong done = new AtomicLong();

  /** Records read from the journal: they lie in segment {@code seq}, before offset {@code end}. */
  record Batch(List<JsonObject> records, long seq, long end) {}

  /**
   * Opens (or creates) the journal {@code name} in {@code dir}. A torn last line (the process died
   * in the middle of an append) is cut off; records after the committed position will be written.
   */
  Journal(Path dir, String name) {
    this(dir, name, ROTATE_BYTES);
  }

  /** As above, moving to a new segment once one reaches {@code rotateBytes}. */
  Journal(Path dir, String name, long rotateBytes) {
    this(dir, name, rotateBytes, 0);
  }

  /**
   * A journal that also holds up to {@code holdMax} of the latest records in memory for the reader.
   */
  static Journal holding(Path dir, String name, int holdMax) {
    return new Journal(dir, name, ROTATE_BYTES, holdMax);
  }

  /** As above, holding up to {@code holdMax} records in memory (0: none). */
  Journal(Path dir, String name, long rotateBytes, int holdMax) {
    this.rotateBytes = rotateBytes;
    this.holdMax = holdMax;
    this.dir = dir;
    this.name = name;
    this.offsetFile = dir.resolve(name + ".offset");
    this.segmentName = Pattern.compile(Pattern.quote(name) + "-([0-9]{8})\\.journal");
    try {
      Files.createDirectories(dir);
      TreeSet<Long> segments = segments();
      long[] position = readPosition();
      readSeq = position[0] > 0 ? position[0] : segments.isEmpty() ? 1 : segments.first();
      committed = position[0] > 0 ? position[1] : 0;
      writeSeq = segments.isEmpty() ? readSeq : Math.max(readSeq, segments.last());
      for (long s : segments) {
        if (s < readSeq) {
          Files.deleteIfExists(segment(s)); // committed before a crash could delete it
        }
      }
      out = open(writeSeq, true);
      writePos = cutTornLine(out);
      out.position(writePos);
      in = open(readSeq, false);
      committed = Math.min(committed, in.size());
      long pending = 0;
      for (long s = readSeq; s <= writeSeq; s++) {
        try (FileChannel c = open(s, false)) {
          pending += countLines(c, s == readSeq ? committed : 0, c.size());
        }
      }
      appended.set(pending);
      if (pending > 0) {
        log.info("journal {} holds {} records waiting", dir, pending);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot open the journal in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return dir.resolve(name).toString();
  }

  /** Appends one record. Thread-safe; one write to the page cache. */
  void append(JsonObject record) {
    ByteBuffer buf = ByteBuffer.wrap(record.toBuffer().appendByte((byte) '\n').getBytes());
    synchronized (this) {
      try {
        long start = writePos;
        while (buf.hasRemaining()) {
          writePos += out.write(buf);
        }
        if (held.size() < holdMax) {
          held.addLast(new Held(record, writeSeq, start, writePos));
        }
        if (writePos >= rotateBytes) {
          // No disk wait here (this is the call path): the writer forces and closes it.
          retired.add(out);
          writeSeq++;
          out = open(writeSeq, true);
          writePos = 0;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("journal in " + dir + " cannot be written", e);
      }
    }
    appended.incrementAndGet();
  }

  /** Up to {@code max} records after the committed position (the position does not move). */
  Batch read(int max) throws IOException {
    long last;
    synchronized (this) {
      last = writeSeq;
    }
    if (readSeq < last && committed >= in.size()) {
      // Everything in this segment is committed and appends have moved on: the next one.
      nextSegment();
    }
    Batch kept = fromHeld(max);
    return kept != null ? kept : read(in, readSeq, committed, max);
  }

  /**
   * The held records from the read position on, when the first of them starts exactly there; null
   * when the reader must read the file (the next record was not held, or is no longer). Forgets the
   * held records before the read position (committed, or read from the file).
   */
  private synchronized Batch fromHeld(int max) {
    forgetPassed();
    Held h = held.peekFirst();
    if (h == null || h.seq() != readSeq || h.start() != committed) {
      return null;
    }
    List<JsonObject> records = new ArrayList<>(Math.min(max, held.size()));
    long end = committed;
    for (Held x : held) {
      if (records.size() == max || x.seq() != readSeq || x.start() != end) {
        break;
      }
      records.add(x.record());
      end = x.end();
    }
    return new Batch(records, readSeq, end);
  }

  /** Forgets the held records before the read position. Reader only, holding the lock. */
  private void forgetPassed() {
    Held h;
    while ((h = held.peekFirst()) != null
        && (h.seq() < readSeq || (h.seq() == readSeq && h.start() < committed))) {
      held.pollFirst();
    }
  }

  /** Records held in memory for the reader (tests). */
  synchronized int held() {
    return held.size();
  }

  /** Every record not yet committed, in order (startup: blocks waiting for the database). */
  void scanPending(Consumer<JsonObject> each) throws IOException {
    long last;
    synchronized (this) {
      last = writeSeq;
    }
    for (long s = readSeq; s <= last; s++) {
      try (FileChannel c = open(s, false)) {
        long pos = s == readSeq ? committed : 0;
        while (true) {
          Batch b = read(c, s, pos, 1000);
          if (b.records().isEmpty()) {
            break;
          }
          b.records().forEach(each);
          pos = b.end();
        }
      }
    }
  }

  /**
   * Records up to the batch's end are in the database: persist the position (atomically), and
   * delete the segment when it is finished and fully committed.
   */
  void commit(Batch batch) throws IOException {
    if (batch.seq() != readSeq) {
      throw new IllegalStateException(
          "commit of segment " + batch.seq() + " while reading " + readSeq);
    }
    committed = batch.end();
    done.addAndGet(batch.records().size());
    long last;
    synchronized (this) {
      last = writeSeq;
      forgetPassed();
    }
    if (readSeq < last && committed >= in.size()) {
      nextSegment();
    } else {
      writePosition();
    }
  }

  /** Forces appended records to disk (and closes segments appends have left). */
  void force() throws IOException {
    List<FileChannel> done;
    FileChannel current;
    synchronized (this) {
      done = new ArrayList<>(retired);
      retired.clear();
      current = out;
    }
    for (FileChannel c : done) {
      c.force(false);
      c.close();
    }
    current.force(false);
  }

  /** Records appended and not yet committed. */
  long backlog() {
    return appended.get() - done.get();
  }

  /** Records committed since the journal was opened. */
  long committedRecords() {
    return done.get();
  }

  /** Segment files on disk (for tests and status). */
  int segmentCount() throws IOException {
    return segments().size();
  }

  @Override
  public void close() throws IOException {
    force();
    synchronized (this) {
      out.close();
    }
    in.close();
  }

  private void nextSegment() throws IOException {
    long finished = readSeq;
    in.close();
    readSeq++;
    committed = 0;
    in = open(readSeq, false);
    writePosition();
    Files.deleteIfExists(segment(finished));
  }

  private Batch read(FileChannel channel, long seq, long from, int max) throws IOException {
    long size;
    synchronized (this) {
      size = seq == writeSeq ? writePos : channel.size();
    }
    List<JsonObject> records = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
    ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    long pos = from;
    long end = from;
    while (pos < size && records.size() < max) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), size - pos));
      int n = channel.read(buf, pos);
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
    return new Batch(records, seq, end);
  }

  /** A line as a record; a line that is not JSON becomes a "corrupt" record the writer rejects. */
  private static JsonObject parse(String text) {
    try {
      return new JsonObject(text);
    } catch (io.vertx.core.json.DecodeException e) {
      return new JsonObject().put("type", "corrupt").put("text", text);
    }
  }

  private Path segment(long seq) {
    return dir.resolve(String.format("%s-%08d.journal", name, seq));
  }

  private TreeSet<Long> segments() throws IOException {
    TreeSet<Long> out = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(
          f -> {
            Matcher m = segmentName.matcher(f.getFileName().toString());
            if (m.matches()) {
              out.add(Long.parseLong(m.group(1)));
            }
          });
    }
    return out;
  }

  /** Creates {@code file} readable by the TFPS user only (call data), unless it exists. */
  static void createOwnerOnly(Path file) throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
  }

  /** Opens a segment, creating it owner-only. */
  private FileChannel open(long seq, boolean write) throws IOException {
    Path file = segment(seq);
    createOwnerOnly(file);
    return write
        ? FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ)
        : FileChannel.open(file, StandardOpenOption.READ);
  }

  private long[] readPosition() throws IOException {
    if (!Files.exists(offsetFile)) {
      return new long[] {0, 0};
    }
    String[] f = Files.readString(offsetFile).trim().split("\\s+");
    if (f.length != 2) {
      throw new IllegalStateException(offsetFile + " does not hold '<segment> <offset>'");
    }
    return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])};
  }

  private void writePosition() throws IOException {
    Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
    Files.writeString(tmp, readSeq + " " + committed);
    Files.move(
        tmp, offsetFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private long cutTornLine(FileChannel channel) throws IOException {
    long size = channel.size();
    ByteBuffer one = ByteBuffer.allocate(1);
    long end = size;
    while (end > 0) {
      one.clear();
      channel.read(one, end - 1);
      if (one.get(0) == '\n') {
        break;
      }
      end--;
    }
    if (end < size) {
      log.warn("journal in {}: cut {} bytes of a record torn by a crash", dir, size - end);
      channel.truncate(end);
    }
    return end;
  }

  private static long countLines(FileChannel channel, long from, long to) throws IOException {
    long lines = 0;
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    for (long pos = from; pos < to; ) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), to - pos));
      int n = channel.read(buf, pos);
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
