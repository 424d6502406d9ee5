package org.tfps.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.tfps.cli.TfpsCtl.Failure;

/**
 * The REST API v1 as tfpsctl calls it (docs/api.md): one blocking request at a time, each bounded
 * by {@link #TIMEOUT} (for the event stream, until its headers come). An answer that is not 2xx
 * becomes a {@link Failure} whose exit code follows the status and whose message is the problem
 * document's title and detail.
 *
 * <p>It is also the one place that knows the API's formats: the account JSON that the operator's
 * KEY=VALUE settings make ({@link #accountFields}) and the Prometheus text of /metrics ({@link
 * #parseMetrics}).
 */
final class ApiClient {

  /** Longest wait to connect, and then for the whole answer: the exit code is 2 past it. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Most of an error answer to the event stream that is read (a problem document is short). */
  private static final int MAX_PROBLEM_BYTES = 64 * 1024;

  private static final String JSON_TYPE = "application/json";

  private final CtlConfig settings;
  private final HttpClient http;

  ApiClient(CtlConfig settings) {
    this.settings = settings;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** The API's base URL, for messages. */
  String url() {
    return settings.url();
  }

  /** GET path?query: the answer's JSON object. */
  JsonObject get(String path, Map<String, String> query) throws Failure {
    return json("GET", path, text("GET", path + query(query), null, null));
  }

  /**
   * A request with an optional JSON body.
   *
   * @return the answer's JSON object, or null for an answer without a body (204)
   */
  JsonObject send(String method, String path, JsonObject body) throws Failure {
    return json(
        method,
        path,
        body == null
            ? text(method, path, null, null)
            : text(method, path, BodyPublishers.ofString(body.encode(), UTF_8), JSON_TYPE));
  }

  /** PUT path with a UTF-8 text body (a data file): the answer's JSON object. */
  JsonObject putText(String path, byte[] body) throws Failure {
    return json(
        "PUT",
        path,
        text("PUT", path, BodyPublishers.ofByteArray(body), "text/plain; charset=utf-8"));
  }

  /**
   * POST path?query with {@code file} as the body, streamed, telling {@code sent} how many bytes
   * went; the answer may take as long as the server's work on the file (an hour at most).
   */
  JsonObject upload(
      String path,
      Map<String, String> query,
      java.nio.file.Path file,
      java.util.function.LongConsumer sent)
      throws Failure {
    HttpResponse<String> response =
        uploadFor(path, query, file, "application/json, application/problem+json", sent);
    return json("POST", path + query(query), response);
  }

  /** As {@link #upload}, the answer as text of the type {@code accept} asks for. */
  String uploadText(
      String path,
      Map<String, String> query,
      java.nio.file.Path file,
      String accept,
      java.util.function.LongConsumer sent)
      throws Failure {
    return uploadFor(path, query, file, accept, sent).body();
  }

  private HttpResponse<String> uploadFor(
      String path,
      Map<String, String> query,
      java.nio.file.Path file,
      String accept,
      java.util.function.LongConsumer sent)
      throws Failure {
    long size;
    try {
      size = java.nio.file.Files.size(file);
    } catch (IOException e) {
      throw new Failure(TfpsCtl.USAGE, "cannot read " + file + ": " + e.getMessage());
    }
    BodyPublisher body =
        BodyPublishers.fromPublisher(
            BodyPublishers.ofInputStream(() -> counting(file, sent)), size);
    String target = path + query(query);
    HttpRequest request =
        request("POST", target, body, "text/csv; charset=utf-8")
            .timeout(java.time.Duration.ofHours(1))
            .header("Accept", accept + ", application/problem+json")
            .build();
    HttpResponse<String> response = exchange(request, BodyHandlers.ofString(UTF_8));
    if (response.statusCode() / 100 != 2) {
      throw failure(response.statusCode(), response.headers(), response.body(), "POST", target);
    }
    return response;
  }

  private static InputStream counting(
      java.nio.file.Path file, java.util.function.LongConsumer sent) {
    try {
      return new java.io.FilterInputStream(java.nio.file.Files.newInputStream(file)) {
        private long total;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            total += n;
            sent.accept(total);
          }
          return n;
        }
      };
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** GET path: the answer's text (for /metrics and the data files). */
  String text(String path) throws Failure {
    return text("GET", path, null, null).body();
  }

  /**
   * GET path?query as Server-Sent Events: the body, to be read as it comes, once a 2xx answer's
   * headers are in (within {@link #TIMEOUT}); no timeout bounds the reading. The caller closes it.
   */
  InputStream stream(String path, Map<String, String> query) throws Failure {
    String target = path + query(query);
    HttpResponse<InputStream> response =
        exchange(
            request("GET", target, null, null).header("Accept", "text/event-stream").build(),
            BodyHandlers.ofInputStream());
    if (response.statusCode() / 100 == 2) {
      return response.body();
    }
    String body;
    try (InputStream in = response.body()) {
      body = new String(in.readNBytes(MAX_PROBLEM_BYTES), UTF_8);
    } catch (IOException e) {
      body = "";
    }
    throw failure(response.statusCode(), response.headers(), body, "GET", target);
  }

  /**
   * A path segment for {@code raw}, percent-encoded (UTF-8) but for the unreserved characters of
   * RFC 3986 2.3 and '@', so "bob smith@pbx" becomes "bob%20smith@pbx". "." and ".." are encoded
   * too, so no account name can walk up the path.
   */
  static String segment(String raw) {
    if (raw.equals(".") || raw.equals("..")) {
      return raw.replace(".", "%2E");
    }
    StringBuilder b = new StringBuilder();
    for (byte x : raw.getBytes(UTF_8)) {
      char c = (char) (x & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~@".indexOf(c) >= 0) {
        b.append(c);
      } else {
        b.append('%').append(String.format("%02X", x & 0xff));
      }
    }
    return b.toString();
  }

  /** "?k=v&..." with values percent-encoded (a space as %20), or "" for no parameters. */
  static String query(Map<String, String> params) {
    if (params.isEmpty()) {
      return "";
    }
    StringJoiner q = new StringJoiner("&", "?", "");
    params.forEach((k, v) -> q.add(encode(k) + "=" + encode(v)));
    return q.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, UTF_8).replace("+", "%20");
  }

  /** A request whose whole answer is read as text; an answer that is not 2xx is a failure. */
  private HttpResponse<String> text(
      String method, String target, BodyPublisher body, String contentType) throws Failure {
    HttpRequest.Builder request =
        request(method, target, body, contentType)
            .header("Accept", "application/json, application/problem+json, text/plain;q=0.5");
    HttpResponse<String> response = exchange(request.build(), BodyHandlers.ofString(UTF_8));
    if (response.statusCode() / 100 != 2) {
      throw failure(response.statusCode(), response.headers(), response.body(), method, target);
    }
    return response;
  }

  private HttpRequest.Builder request(
      String method, String target, BodyPublisher body, String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(settings.url() + target))
            .timeout(TIMEOUT)
            .header("User-Agent", "tfpsctl")
            .method(method, body == null ? BodyPublishers.noBody() : body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (settings.token() != null) {
      request.header("Authorization", "Bearer " + settings.token());
    }
    return request;
  }

  /** Sends the request: a failure with exit code 2 when the API cannot be reached. */
  private <T> HttpResponse<T> exchange(HttpRequest request, BodyHandler<T> handler) throws Failure {
    try {
      return http.send(request, handler);
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("no connection within " + TIMEOUT.toSeconds() + " s");
    } catch (HttpTimeoutException e) {
      throw unreachable("no answer within " + TIMEOUT.toSeconds() + " s");
    } catch (ConnectException e) {
      throw unreachable("connection refused");
    } catch (IOException e) {
      throw unreachable(describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable("interrupted");
    }
  }

  private Failure unreachable(String why) {
    return new Failure(
        TfpsCtl.UNREACHABLE, "cannot reach the API at " + settings.url() + ": " + why);
  }

  /** The first message down the cause chain, or the exception's type. */
  private static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }

  private static JsonObject json(String method, String path, HttpResponse<String> response)
      throws Failure {
    String body = response.body();
    if (response.statusCode() == 204 || body == null || body.isBlank()) {
      return null;
    }
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new Failure(
          TfpsCtl.SERVER,
          "the API answered " + method + " " + path + " with something other than a JSON object");
    }
  }

  /**
   * The failure for a status that is not 2xx. Exit code 3 for 401, 403 and 429; 4 for 404; 5 for
   * any other 4xx (400, 409, 413...); 6 for 5xx and anything else.
   */
  private Failure failure(
      int status, HttpHeaders headers, String body, String method, String target) {
    int exit;
    if (status == 401 || status == 403 || status == 429) {
      exit = TfpsCtl.REFUSED;
    } else if (status == 404) {
      exit = TfpsCtl.NOT_FOUND;
    } else if (status >= 400 && status < 500) {
      exit = TfpsCtl.INVALID;
    } else {
      exit = TfpsCtl.SERVER;
    }
    JsonObject problem = problem(body);
    String type = null;
    String message;
    if (problem != null && problem.getValue("title") instanceof String title) {
      Object detail = problem.getValue("detail");
      message =
          detail instanceof String d && !d.isBlank()
              ? title + ": " + d
              : title + " (" + status + ")";
      if (problem.getValue("type") instanceof String t) {
        type = t.substring(t.lastIndexOf('/') + 1);
      }
    } else {
      String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
      message = "HTTP " + status + " from " + method + " " + path;
    }
    if (status == 429) {
      message +=
          headers.firstValue("Retry-After").map(s -> " (retry after " + s + " s)").orElse("");
    } else if (status == 401) {
      message +=
          settings.token() == null
              ? " (no token is set: --token-file, TFPS_TOKEN, TFPS_TOKEN_FILE or the settings file)"
              : " (token from " + settings.tokenSource() + ")";
    }
    return new Failure(exit, message, type);
  }

  private static JsonObject problem(String body) {
    if (body == null || !body.strip().startsWith("{")) {
      return null;
    }
    try {
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  /**
   * The account JSON (or the part of it to PATCH) for the operator's KEY=VALUE arguments of {@code
   * verb} (see {@link #FIELDS_HELP}): nested objects hold only the fields given; an empty value is
   * null (the configured default). {@code keys} receives the keys, in order. No value ever appears
   * in a message: one may be the PIN.
   */
  static JsonObject accountFields(String verb, List<String> pairs, List<String> keys)
      throws Failure {
    JsonObject body = new JsonObject();
    for (int i = 0; i < pairs.size(); i++) {
      String pair = pairs.get(i);
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new Failure(TfpsCtl.USAGE, verb + ": argument " + (i + 2) + " is not KEY=VALUE");
      }
      String key = pair.substring(0, eq).strip();
      String raw = pair.substring(eq + 1).strip();
      String spec = FIELDS.get(key);
      if (spec == null) {
        throw new Failure(
            TfpsCtl.USAGE,
            verb + ": unknown key '" + key + "' (tfpsctl " + verb + " --help lists them)");
      }
      String kind = spec.substring(0, spec.indexOf(' '));
      put(
          body,
          spec.substring(spec.indexOf(' ') + 1),
          raw.isEmpty() ? null : value(key, kind, raw));
      keys.remove(key);
      keys.add(key);
    }
    return body;
  }

  /** The keys of {@link #accountFields}, for the help of create and set. */
  static final String FIELDS_HELP =
      """
      Keys (KEY= with nothing after the = resets the field to the configured default):
        home-country CC             ISO 3166-1 alpha-2 country, e.g. GB
        time-zone ZONE              IANA time zone, e.g. Europe/London
        pin DIGITS                  4 to 12 digits (never printed; visible in ps while it runs)
        international-prefixes P,P  e.g. 00
        outside-line-prefix P       e.g. 9; none for no prefix
        business-hours SPEC|SPEC    see docs/business-hours.md; always for no off-hours
        emails A,A                  alert e-mail addresses
        webhooks URL,URL            alert webhooks
        concurrent-calls N          concurrent-calls-off-hours N
        calls-per-minute N          calls-per-minute-off-hours N
        calls-per-day N             calls-per-day-off-hours N
        max-rate-per-minute X       max-spend-per-hour X     max-spend-per-day X\
      """;

  /** KEY -> "kind json.path". Kinds: text, list (comma), hours (|), prefix, int, decimal. */
  private static final Map<String, String> FIELDS =
      Map.ofEntries(
          Map.entry("home-country", "text homeCountry"),
          Map.entry("time-zone", "text timeZone"),
          Map.entry("pin", "text pin"),
          Map.entry("international-prefixes", "list internationalPrefixes"),
          Map.entry("outside-line-prefix", "prefix outsideLinePrefix"),
          Map.entry("business-hours", "hours businessHours"),
          Map.entry("emails", "list contacts.emails"),
          Map.entry("webhooks", "list contacts.webhooks"),
          Map.entry("concurrent-calls", "int limits.concurrentCalls.business"),
          Map.entry("concurrent-calls-off-hours", "int limits.concurrentCalls.offHours"),
          Map.entry("calls-per-minute", "int limits.callsPerMinute.business"),
          Map.entry("calls-per-minute-off-hours", "int limits.callsPerMinute.offHours"),
          Map.entry("calls-per-day", "int limits.callsPerDay.total"),
          Map.entry("calls-per-day-off-hours", "int limits.callsPerDay.offHours"),
          Map.entry("max-rate-per-minute", "decimal limits.maxRatePerMinute"),
          Map.entry("max-spend-per-hour", "decimal limits.maxSpendPerHour"),
          Map.entry("max-spend-per-day", "decimal limits.maxSpendPerDay"));

  private static Object value(String key, String kind, String raw) throws Failure {
    switch (kind) {
      case "list":
        return split(raw, ",");
      case "hours":
        return raw.equals("always") ? new JsonArray() : split(raw, "\\|");
      case "prefix":
        return raw.equals("none") ? "" : raw;
      case "int":
        return TfpsCtl.count(key, raw, 0);
      case "decimal":
        try {
          BigDecimal d = new BigDecimal(raw);
          if (d.signum() >= 0) {
            return d.doubleValue();
          }
        } catch (NumberFormatException e) {
          // below
        }
        throw new Failure(TfpsCtl.USAGE, key + " must be a number from 0, such as 1.5, not " + raw);
      default:
        return raw;
    }
  }

  private static JsonArray split(String raw, String separator) {
    JsonArray items = new JsonArray();
    for (String item : raw.split(separator)) {
      if (!item.isBlank()) {
        items.add(item.strip());
      }
    }
    return items;
  }

  /** Puts {@code value} at a dotted path, making the objects on the way. */
  private static void put(JsonObject body, String path, Object value) {
    String[] keys = path.split("\\.");
    JsonObject o = body;
    for (int i = 0; i < keys.length - 1; i++) {
      Object inner = o.getValue(keys[i]);
      if (!(inner instanceof JsonObject)) {
        inner = new JsonObject();
        o.put(keys[i], inner);
      }
      o = (JsonObject) inner;
    }
    o.put(keys[keys.length - 1], value);
  }

  /**
   * The samples of a Prometheus text exposition (version 0.0.4), each as {"name", "labels",
   * "value"}; a value that is not a finite number is the string "NaN", "+Inf" or "-Inf". Lines it
   * cannot read are skipped.
   */
  static JsonArray parseMetrics(String text) {
    JsonArray samples = new JsonArray();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        JsonObject sample = sample(line);
        if (sample != null) {
          samples.add(sample);
        }
      }
    }
    return samples;
  }

  private static JsonObject sample(String line) {
    int n = line.length();
    int i = 0;
    while (i < n && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    String name = line.substring(0, i);
    JsonObject labels = new JsonObject();
    if (i < n && line.charAt(i) == '{') {
      i++;
      while (true) {
        while (i < n && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
          i++;
        }
        if (i >= n) {
          return null;
        }
        if (line.charAt(i) == '}') {
          i++;
          break;
        }
        int eq = line.indexOf('=', i);
        if (eq < 0 || eq + 1 >= n || line.charAt(eq + 1) != '"') {
          return null;
        }
        String key = line.substring(i, eq).strip();
        StringBuilder value = new StringBuilder();
        i = eq + 2;
        while (i < n && line.charAt(i) != '"') {
          char c = line.charAt(i++);
          if (c == '\\' && i < n) {
            char e = line.charAt(i++);
            value.append(e == 'n' ? '\n' : e);
          } else {
            value.append(c);
          }
        }
        if (i >= n) {
          return null;
        }
        i++;
        labels.put(key, value.toString());
      }
    }
    String[] rest = line.substring(i).strip().split("\\s+");
    Object value = value(rest[0]);
    return name.isEmpty() || value == null
        ? null
        : new JsonObject().put("name", name).put("labels", labels).put("value", value);
  }

  private static Object value(String s) {
    switch (s) {
      case "+Inf", "Inf":
        return "+Inf";
      case "-Inf":
        return "-Inf";
      case "NaN":
        return "NaN";
      default:
        break;
    }
    try {
      double d = Double.parseDouble(s);
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return null;
      }
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
