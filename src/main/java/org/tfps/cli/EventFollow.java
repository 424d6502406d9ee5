package org.tfps.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.tfps.cli.TfpsCtl.NOT_FOUND;
import static org.tfps.cli.TfpsCtl.SERVER;
import static org.tfps.cli.TfpsCtl.UNREACHABLE;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tfps.cli.TfpsCtl.Failure;

/**
 * {@code events --follow}: the node's live event stream, GET /v1/events/stream (docs/api.md), read
 * as Server-Sent Events (the HTML Living Standard, 9.2 "Server-sent events": {@code field: value}
 * lines, a blank line ends a message, a line starting with ':' is a comment) and printed as it
 * comes, a table row or a JSON line per event.
 *
 * <p>A stream that drops (closed, broken, or silent for longer than {@link #IDLE}) is reported once
 * on standard error and opened again every interval, as long as the API cannot be reached or
 * answers 5xx; the events in between are not replayed (GET /v1/events has them). A failure of the
 * first connection, or a refusal (4xx) later, ends the run.
 */
final class EventFollow {

  /**
   * A stream silent for this long is taken for dead and opened again: TFPS writes {@code :
   * keepalive} every 15 s (EventStream.KEEPALIVE_MILLIS), so this is three missed in a row.
   */
  static final Duration IDLE = Duration.ofSeconds(45);

  /**
   * Longest line, and longest message data, read from the stream: an event is one line of JSON of a
   * few KB, so this only bounds the memory a broken server could make tfpsctl hold.
   */
  static final int MAX_LINE = 1 << 20;

  private static final String STREAM = "/v1/events/stream";

  /** TFPS's comment when it dropped events for a slow reader. */
  private static final Pattern DROPPED = Pattern.compile("dropped (\\d+) events\\b.*");

  private final ApiClient api;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean json;
  private final Clock clock;
  private final Duration idle;

  /** Event ids printed from GET /v1/events before the stream's events: not printed twice. */
  private final Set<String> seen = new HashSet<>();

  private int printed;
  private int max = -1;
  private boolean warnedUnreadable;

  /** When the current stream last sent something (System.nanoTime), for the watchdog. */
  private final AtomicLong heardNanos = new AtomicLong();

  /** When the current stream last sent something, for the messages. */
  private volatile Instant heard;

  EventFollow(
      ApiClient api, PrintStream out, PrintStream err, boolean json, Clock clock, Duration idle) {
    this.api = api;
    this.out = out;
    this.err = err;
    this.json = json;
    this.clock = clock;
    this.idle = idle;
  }

  /**
   * Follows the events that match {@code query}'s account and code until interrupted, or until
   * {@code maxEvents} were printed when it is not -1. With {@code since} or {@code limit} in the
   * query, the events GET /v1/events lists for it come first, oldest first.
   *
   * @param intervalMillis the wait before opening a dropped stream again
   */
  void follow(Map<String, String> query, long intervalMillis, int maxEvents) throws Failure {
    max = maxEvents;
    Map<String, String> filters = new LinkedHashMap<>();
    for (String key : List.of("account", "code")) {
      if (query.containsKey(key)) {
        filters.put(key, query.get(key));
      }
    }
    ScheduledExecutorService watch =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tfpsctl-stream-watch");
              t.setDaemon(true);
              return t;
            });
    try {
      loop(query, filters, intervalMillis, watch);
    } finally {
      watch.shutdownNow();
    }
  }

  private void loop(
      Map<String, String> query,
      Map<String, String> filters,
      long intervalMillis,
      ScheduledExecutorService watch)
      throws Failure {
    boolean connected = false;
    Instant down = null;
    while (true) {
      InputStream body;
      try {
        body = api.stream(STREAM, filters);
      } catch (Failure f) {
        if (!connected) {
          throw first(f);
        }
        if (f.exit != UNREACHABLE && f.exit != SERVER) {
          throw f;
        }
        if (!pause(intervalMillis)) {
          return;
        }
        continue;
      }
      heard(clock.instant());
      if (!connected) {
        connected = true;
        if (!json) {
          out.print(HumanOutput.eventsHeader());
        }
        out.flush();
        if ((query.containsKey("since") || query.containsKey("limit")) && !history(query)) {
          close(body);
          return;
        }
      } else if (down != null) {
        err.println(
            "tfpsctl: the event stream is back; tfpsctl events --since "
                + down
                + " lists what it missed");
      }
      down = null;
      String why = read(body, watch);
      if (why == null) {
        return; // --max-events reached
      }
      down = heard.truncatedTo(ChronoUnit.SECONDS);
      err.println(
          "tfpsctl: the event stream from "
              + api.url()
              + " dropped ("
              + HumanOutput.clean(why)
              + "); opening it again every "
              + seconds(intervalMillis)
              + " s");
      err.flush();
      if (!pause(intervalMillis)) {
        return;
      }
    }
  }

  /** The first connection's failure, plainer for a server that has no stream. */
  private static Failure first(Failure f) {
    if (f.exit == NOT_FOUND && "not-found".equals(f.problemType)) {
      return new Failure(
          NOT_FOUND,
          "this TFPS server has no event stream (GET " + STREAM + "); tfpsctl events lists events",
          f.problemType);
    }
    return f;
  }

  /** Prints the events of GET /v1/events for the query, oldest first; false when max is reached. */
  private boolean history(Map<String, String> query) throws Failure {
    JsonArray events = Verbs.array(api.get("/v1/events", query), "events");
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.getValue(i) instanceof JsonObject e) {
        if (e.getValue("eventId") instanceof String id) {
          seen.add(id);
        }
        if (!print(e)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Reads one stream until it ends.
   *
   * @return why it ended, or null when {@code max} events were printed
   */
  private String read(InputStream body, ScheduledExecutorService watch) {
    AtomicBoolean silent = new AtomicBoolean();
    long period = Math.max(50, Math.min(1000, idle.toMillis() / 4));
    ScheduledFuture<?> watchdog =
        watch.scheduleAtFixedRate(
            () -> {
              if (System.nanoTime() - heardNanos.get() > idle.toNanos()) {
                silent.set(true);
                close(body);
              }
            },
            period,
            period,
            TimeUnit.MILLISECONDS);
    try {
      return messages(new Lines(new InputStreamReader(body, UTF_8))) ? null : "closed by TFPS";
    } catch (IOException e) {
      return silent.get()
          ? "nothing for " + seconds(idle.toMillis()) + " s"
          : "connection broken: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } finally {
      watchdog.cancel(false);
      close(body);
    }
  }

  /**
   * Dispatches the stream's messages until it ends.
   *
   * @return true when {@code max} events were printed, false at the end of the stream
   */
  private boolean messages(Lines lines) throws IOException {
    StringBuilder data = null;
    for (String line = lines.next(); line != null; line = lines.next()) {
      if (line.isEmpty()) {
        if (data != null && !dispatch(data.toString())) {
          return true;
        }
        data = null;
      } else if (line.startsWith(":")) {
        comment(line.substring(1).strip());
      } else {
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        value = value.startsWith(" ") ? value.substring(1) : value;
        // id, event and retry are not needed: the JSON has eventId and kind, and the retry
        // interval is --interval.
        if (field.equals("data")) {
          data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
          if (data.length() > MAX_LINE) {
            throw new IOException("an event longer than " + MAX_LINE + " characters");
          }
        }
      }
    }
    return false;
  }

  /** One message's data: an event, printed unless the history printed it; false at max. */
  private boolean dispatch(String data) {
    JsonObject e;
    try {
      e = new JsonObject(data);
    } catch (DecodeException | ClassCastException x) {
      if (!warnedUnreadable) {
        err.println("tfpsctl: skipped an event of the stream that is not a JSON object");
        warnedUnreadable = true;
      }
      return true;
    }
    if (e.getValue("eventId") instanceof String id && seen.remove(id)) {
      return true;
    }
    return print(e);
  }

  private void comment(String text) {
    Matcher m = DROPPED.matcher(text);
    if (m.matches()) {
      err.println(
          "tfpsctl: warning: TFPS dropped "
              + m.group(1)
              + " events because tfpsctl read too slowly; tfpsctl events lists them");
      err.flush();
    }
  }

  /** Prints an event; false when that makes {@code max}. */
  private boolean print(JsonObject e) {
    out.print(json ? e.encode() + "\n" : HumanOutput.events(new JsonArray().add(e), true));
    out.flush();
    printed++;
    return max < 0 || printed < max;
  }

  /** Milliseconds as seconds: "2", "0.3". */
  private static String seconds(long millis) {
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }

  private void heard(Instant at) {
    heard = at;
    heardNanos.set(System.nanoTime());
  }

  /** Waits; false when interrupted (the run ends). */
  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void close(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      // closing a stream that broke: nothing more to do
    }
  }

  /**
   * The stream's lines, ended by CR LF, LF or CR (HTML 9.2.5), each at most {@link #MAX_LINE}
   * characters. A line cut by the end of the stream is dropped, as a message cut so is.
   */
  private final class Lines {

    private final Reader reader;
    private final char[] buffer = new char[8192];
    private int pos;
    private int end;
    private boolean afterCr;

    Lines(Reader reader) {
      this.reader = reader;
    }

    /** The next line, or null at the end of the stream. */
    String next() throws IOException {
      StringBuilder line = new StringBuilder();
      while (true) {
        if (pos == end) {
          int n = reader.read(buffer);
          if (n < 0) {
            return null;
          }
          pos = 0;
          end = n;
          heard(clock.instant());
        }
        char c = buffer[pos++];
        boolean skip = afterCr && c == '\n';
        afterCr = c == '\r';
        if (skip) {
          continue;
        }
        if (c == '\r' || c == '\n') {
          return line.toString();
        }
        if (line.length() >= MAX_LINE) {
          throw new IOException("a line longer than " + MAX_LINE + " characters");
        }
        line.append(c);
      }
    }
  }
}
