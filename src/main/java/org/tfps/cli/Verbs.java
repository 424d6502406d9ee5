package org.tfps.cli;

import static org.tfps.cli.TfpsCtl.NOT_FOUND;
import static org.tfps.cli.TfpsCtl.SERVER;
import static org.tfps.cli.TfpsCtl.USAGE;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.tfps.cli.TfpsCtl.Args;
import org.tfps.cli.TfpsCtl.Failure;
import org.tfps.cli.TfpsCtl.Verb;

/**
 * The verbs of tfpsctl, once {@link TfpsCtl} has read the command line: each one is a request (or a
 * few) to the REST API through {@link ApiClient}, and what it prints through {@link HumanOutput},
 * or the API's JSON with {@code --json}. {@code events --follow} is {@link EventFollow}'s.
 */
final class Verbs {

  /** Pages followed by list --all at most (a guard against a server that loops). */
  static final int MAX_PAGES = 10_000;

  /**
   * Largest data file sent by data put: the API's limit for PUT /v1/data/{name} (docs/api.md),
   * checked here so that a larger file (or an endless standard input) is not read whole.
   */
  static final int MAX_DATA_BYTES = 8 * 1024 * 1024;

  private static final String ACCOUNTS = "/v1/accounts";

  private final ApiClient api;
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean json;
  private final Clock clock;

  Verbs(
      ApiClient api, InputStream in, PrintStream out, PrintStream err, boolean json, Clock clock) {
    this.api = api;
    this.in = in;
    this.out = out;
    this.err = err;
    this.json = json;
    this.clock = clock;
  }

  void execute(Verb verb, Args a) throws Failure {
    switch (verb.name()) {
      case "list" -> list(a);
      case "show" -> print(api.get(path(a.pos(0)), Map.of()), HumanOutput::account);
      case "create" -> create(verb, a);
      case "set" -> set(verb, a);
      case "delete" -> done(api.send("DELETE", path(a.pos(0)), null), "deleted " + a.pos(0));
      case "block" -> block(a);
      case "unblock" -> unblock(a.pos(0));
      case "remove" -> unblock(account(verb, a.pos(0), a.pos(1)));
      case "reset" -> reset(account(verb, a.pos(0), a.pos(1)));
      case "monitor" ->
          done(
              api.send("POST", path(a.pos(0)) + "/monitor", null),
              "monitoring " + a.pos(0) + ": its calls go through; verdicts are recorded");
      case "enforce" ->
          done(
              api.send("POST", path(a.pos(0)) + "/enforce", null),
              "enforcing " + a.pos(0) + ": its verdicts decide its calls");
      case "authorize" -> addDestination("authorized", "authorized", a.pos(0), a.pos(1));
      case "unauthorize" -> dropDestination("authorized", "unauthorized", a.pos(0), a.pos(1));
      case "block-destination" ->
          addDestination("blocked-destinations", "blocked destination", a.pos(0), a.pos(1));
      case "unblock-destination" ->
          dropDestination("blocked-destinations", "unblocked destination", a.pos(0), a.pos(1));
      case "end-call" -> endCall(a.pos(0), a.pos(1));
      case "import-cdrs" -> importCdrs(a);
      case "what-if" -> whatIf(a);
      case "data" -> data(verb, a);
      case "status" -> print(api.get("/v1/status", Map.of()), HumanOutput::status);
      case "stats" -> stats(a);
      case "events" -> events(a);
      default -> throw new IllegalStateException("no code for verb " + verb.name());
    }
  }

  private void list(Args a) throws Failure {
    boolean blocked = a.has("--blocked");
    Map<String, String> query = new LinkedHashMap<>();
    if (a.has("--limit")) {
      query.put("limit", String.valueOf(TfpsCtl.count("--limit", a.get("--limit"), 1)));
    }
    if (a.has("--prefix")) {
      query.put("prefix", a.get("--prefix"));
    }
    if (blocked) {
      query.put("blocked", "true");
    }
    JsonObject page = api.get(ACCOUNTS, query);
    JsonArray all = array(page, "accounts").copy();
    Object next = page.getValue("next");
    for (int pages = 1; a.has("--all") && next != null; pages++) {
      if (pages >= MAX_PAGES) {
        throw new Failure(SERVER, "the API still answers a next page after " + pages + " pages");
      }
      query.put("after", String.valueOf(next));
      page = api.get(ACCOUNTS, query);
      all.addAll(array(page, "accounts"));
      Object after = next;
      next = page.getValue("next");
      if (Objects.equals(after, next)) {
        throw new Failure(SERVER, "the API answers the same next page twice");
      }
    }
    if (json) {
      JsonObject answer =
          a.has("--all") ? new JsonObject().put("accounts", all).put("next", null) : page;
      out.println(answer.encodePrettily());
      return;
    }
    out.print(HumanOutput.accounts(all, blocked));
    if (next != null) {
      err.println("(more accounts follow: --all lists them all)");
    }
  }

  private void create(Verb verb, Args a) throws Failure {
    List<String> keys = new ArrayList<>();
    JsonObject body = new JsonObject().put("account", nonEmpty(a.pos(0)));
    body.mergeIn(
        ApiClient.accountFields(
            verb.name(), a.positional().subList(1, a.positional().size()), keys));
    JsonObject answer = api.send("POST", ACCOUNTS, body);
    done(
        answer, "created " + a.pos(0) + (keys.isEmpty() ? "" : " with " + String.join(", ", keys)));
  }

  private void set(Verb verb, Args a) throws Failure {
    List<String> keys = new ArrayList<>();
    JsonObject body =
        ApiClient.accountFields(
            verb.name(), a.positional().subList(1, a.positional().size()), keys);
    if (body.getValue("contacts") instanceof JsonObject contacts && contacts.size() == 1) {
      // "contacts" replaces both lists: the one not given goes back as it is.
      String other = contacts.containsKey("emails") ? "webhooks" : "emails";
      Object now = HumanOutput.at(api.get(path(a.pos(0)), Map.of()), "contacts", other);
      contacts.put(other, now instanceof JsonArray list ? list : new JsonArray());
    }
    JsonObject answer = api.send("PATCH", path(a.pos(0)), body);
    done(answer, "updated " + a.pos(0) + ": " + String.join(", ", keys));
  }

  private void block(Args a) throws Failure {
    JsonObject body = new JsonObject();
    if (a.has("--reason")) {
      body.put("reason", a.get("--reason"));
    }
    if (a.has("--minutes")) {
      body.put("minutes", TfpsCtl.count("--minutes", a.get("--minutes"), 1));
    }
    JsonObject answer = api.send("POST", path(a.pos(0)) + "/block", body);
    Object block = answer == null ? null : answer.getValue("blocked");
    String what = "blocked " + a.pos(0);
    if (block instanceof JsonObject b) {
      what += " until " + HumanOutput.time(b.getValue("until"));
      what +=
          b.getValue("reason") == null ? "" : " (" + HumanOutput.cell(b.getValue("reason")) + ")";
    }
    done(answer, what);
  }

  private void unblock(String account) throws Failure {
    done(api.send("POST", path(account) + "/unblock", null), "unblocked " + account);
  }

  private void reset(String account) throws Failure {
    done(
        api.send("POST", path(account) + "/reset", null),
        "reset today's quotas and rate windows of " + account);
  }

  /**
   * POST /v1/accounts/{account}/{list} {"destination"}: "authorized CU for a@x", the entry as TFPS
   * keeps it (in upper case). An entry on the list already succeeds the same way.
   */
  private void addDestination(String list, String what, String account, String destination)
      throws Failure {
    JsonObject body = new JsonObject().put("destination", nonEmpty(destination));
    JsonObject answer =
        withoutRoute("POST", list, () -> api.send("POST", listPath(account, list), body));
    String entry =
        answer != null && answer.getValue("destination") instanceof String d ? d : destination;
    done(answer, what + " " + entry + " for " + account);
  }

  /** DELETE /v1/accounts/{account}/{list}/{entry}, the entry percent-encoded ('+' as %2B). */
  private void dropDestination(String list, String what, String account, String destination)
      throws Failure {
    String target = listPath(account, list) + "/" + ApiClient.segment(nonEmpty(destination));
    JsonObject answer = withoutRoute("DELETE", list, () -> api.send("DELETE", target, null));
    done(answer, what + " " + destination + " for " + account);
  }

  private static String listPath(String account, String list) throws Failure {
    return path(account) + "/" + list;
  }

  /** A request that may meet a server without the route: its 404 not-found says so plainly. */
  private static JsonObject withoutRoute(String method, String list, Call call) throws Failure {
    try {
      return call.run();
    } catch (Failure f) {
      if (f.exit == NOT_FOUND && "not-found".equals(f.problemType)) {
        throw new Failure(
            NOT_FOUND,
            "this TFPS server does not have "
                + method
                + " /v1/accounts/{account}/"
                + list
                + (method.equals("DELETE") ? "/{entry}" : "")
                + " (an older version?)",
            f.problemType);
      }
      throw f;
    }
  }

  /** A request to the API. */
  @FunctionalInterface
  private interface Call {
    JsonObject run() throws Failure;
  }

  private void endCall(String account, String callId) throws Failure {
    String target = path(account) + "/calls/" + ApiClient.segment(nonEmpty(callId));
    done(api.send("DELETE", target, null), "ended call " + callId + " of " + account);
  }

  /** import-cdrs FILE [--format F] [--zone Z] [--domain D]: the upload's progress on stderr. */
  private void importCdrs(Args a) throws Failure {
    java.nio.file.Path file = java.nio.file.Path.of(a.pos(0));
    Map<String, String> query = new LinkedHashMap<>();
    for (String o : List.of("--format", "--zone", "--domain")) {
      if (a.has(o)) {
        query.put(o.substring(2), a.get(o));
      }
    }
    long size;
    try {
      size = java.nio.file.Files.size(file);
    } catch (java.io.IOException e) {
      throw new Failure(TfpsCtl.USAGE, "cannot read " + file + ": " + e.getMessage());
    }
    long[] shown = {-1};
    JsonObject r =
        api.upload(
            "/v1/cdrs/import",
            query,
            file,
            sent -> {
              long pct = size == 0 ? 100 : sent * 100 / size;
              if (pct / 10 != shown[0] / 10) { // every 10 %
                shown[0] = pct;
                err.println("import-cdrs: sent " + pct + " % of " + size + " bytes");
              }
            });
    if (!json) {
      err.println("import-cdrs: sent; the server has read it");
    }
    print(r, ImportOutput::imported);
  }

  /**
   * what-if FILE [--format F] [--zone Z] [--from T] [--to T]: the replay's report, in Markdown (or
   * JSON with --json).
   */
  private void whatIf(Args a) throws Failure {
    java.nio.file.Path file = java.nio.file.Path.of(a.pos(0));
    Map<String, String> query = new LinkedHashMap<>();
    for (String o : List.of("--format", "--zone", "--from", "--to")) {
      if (a.has(o)) {
        query.put(o.substring(2), a.get(o));
      }
    }
    String body =
        api.uploadText(
            "/v1/cdrs/replay", query, file, json ? "application/json" : "text/markdown", n -> {});
    if (json) {
      out.println(new JsonObject(body).encodePrettily());
    } else {
      // Line by line: a caller's account name or user agent in the report may hold controls.
      for (String line : body.split("\n", -1)) {
        out.println(HumanOutput.clean(line));
      }
    }
  }

  /** data [list], data get NAME, data put NAME FILE. */
  private void data(Verb verb, Args a) throws Failure {
    List<String> p = a.positional();
    String sub = p.isEmpty() ? "list" : p.get(0);
    int want =
        switch (sub) {
          case "list" -> 1;
          case "get" -> 2;
          case "put" -> 3;
          default -> throw TfpsCtl.usage(verb, "unknown data verb '" + sub + "'");
        };
    int given = Math.max(p.size(), 1);
    if (given < want) {
      throw TfpsCtl.usage(verb, "missing " + (given < 2 ? "NAME" : "FILE"));
    }
    if (given > want) {
      throw TfpsCtl.usage(verb, "unexpected argument " + p.get(want));
    }
    switch (sub) {
      case "get" -> dataGet(p.get(1));
      case "put" -> dataPut(p.get(1), p.get(2));
      default ->
          print(api.get("/v1/data", Map.of()), d -> HumanOutput.dataFiles(array(d, "files")));
    }
  }

  /** The file's content as it is (so that it can be redirected into a file and put back). */
  private void dataGet(String name) throws Failure {
    String text = api.text("/v1/data/" + ApiClient.segment(nonEmpty(name)));
    if (json) {
      out.println(new JsonObject().put("name", name).put("content", text).encodePrettily());
    } else {
      out.print(text);
    }
  }

  private void dataPut(String name, String file) throws Failure {
    byte[] content = read(file);
    JsonObject answer = api.putText("/v1/data/" + ApiClient.segment(nonEmpty(name)), content);
    String what = "replaced " + name;
    if (answer != null) {
      Object n = answer.getValue("entries");
      what += ": " + HumanOutput.cell(n) + (Integer.valueOf(1).equals(n) ? " entry" : " entries");
      what += " in force";
      what +=
          answer.getValue("path") == null
              ? ""
              : " (" + HumanOutput.cell(answer.getValue("path")) + ")";
    }
    done(answer, what);
  }

  /** FILE's bytes, or standard input's for "-"; at most {@link #MAX_DATA_BYTES}. */
  private byte[] read(String file) throws Failure {
    String source = file.equals("-") ? "standard input" : file;
    byte[] bytes;
    try (InputStream from = file.equals("-") ? null : Files.newInputStream(Path.of(file))) {
      bytes = (from == null ? in : from).readNBytes(MAX_DATA_BYTES + 1);
    } catch (IOException | RuntimeException e) {
      throw new Failure(
          USAGE,
          "cannot read " + source + ": " + HumanOutput.clean(String.valueOf(e.getMessage())));
    }
    if (bytes.length > MAX_DATA_BYTES) {
      throw new Failure(
          TfpsCtl.INVALID,
          source + " is larger than the " + MAX_DATA_BYTES + " bytes TFPS accepts for a data file");
    }
    return bytes;
  }

  /** GET /v1/stats; from a server without it, the summary of /metrics. */
  private void stats(Args a) throws Failure {
    Map<String, String> query = new LinkedHashMap<>();
    if (a.has("--top")) {
      query.put("top", String.valueOf(TfpsCtl.count("--top", a.get("--top"), 1)));
    }
    JsonObject stats;
    try {
      stats = api.get("/v1/stats", query);
    } catch (Failure f) {
      if (f.exit != NOT_FOUND) {
        throw f;
      }
      err.println("(this TFPS has no GET /v1/stats: a summary of /metrics instead)");
      JsonArray samples = ApiClient.parseMetrics(api.text("/metrics"));
      print(new JsonObject().put("samples", samples), s -> HumanOutput.stats(samples));
      return;
    }
    print(stats, HumanOutput::summary);
  }

  private void events(Args a) throws Failure {
    Map<String, String> query = new LinkedHashMap<>();
    for (String option : List.of("account", "code", "since")) {
      if (a.has("--" + option)) {
        query.put(option, a.get("--" + option));
      }
    }
    if (a.has("--limit")) {
      query.put("limit", String.valueOf(TfpsCtl.count("--limit", a.get("--limit"), 1)));
    }
    if (a.has("--follow")) {
      new EventFollow(api, out, err, json, clock, EventFollow.IDLE)
          .follow(
              query,
              a.has("--interval") ? TfpsCtl.millis(a.get("--interval")) : 2000,
              a.has("--max-events") ? TfpsCtl.count("--max-events", a.get("--max-events"), 1) : -1);
    } else {
      print(api.get("/v1/events", query), e -> HumanOutput.events(array(e, "events"), false));
    }
  }

  /** USER and DOMAIN of the TFPS v2 verbs as the account USER@DOMAIN. */
  private static String account(Verb verb, String user, String domain) throws Failure {
    if (user.isBlank() || domain.isBlank() || user.contains("@") || domain.contains("@")) {
      throw TfpsCtl.usage(verb, "USER and DOMAIN must be given apart and without '@'");
    }
    return user + "@" + domain;
  }

  private static String path(String account) throws Failure {
    return ACCOUNTS + "/" + ApiClient.segment(nonEmpty(account));
  }

  private static String nonEmpty(String arg) throws Failure {
    if (arg.isBlank()) {
      throw new Failure(USAGE, "an empty argument where a name is needed");
    }
    return arg;
  }

  static JsonArray array(JsonObject o, String key) {
    return o.getValue(key) instanceof JsonArray a ? a : new JsonArray();
  }

  /** The answer as JSON with --json, else as people read it. */
  private void print(JsonObject answer, Function<JsonObject, String> human) throws Failure {
    if (answer == null) {
      throw new Failure(SERVER, "the API answered without a body");
    }
    out.print(json ? answer.encodePrettily() + "\n" : human.apply(answer));
  }

  /** After an action: the answer as JSON with --json (none for 204), else what was done. */
  private void done(JsonObject answer, String what) {
    if (json) {
      if (answer != null) {
        out.println(answer.encodePrettily());
      }
    } else {
      out.println(HumanOutput.clean(what));
    }
  }
}
