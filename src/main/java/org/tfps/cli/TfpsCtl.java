package org.tfps.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * tfpsctl, the operator CLI of TFPS: one verb per run, spoken over the REST API v1 (docs/api.md).
 * It prints tables for people or, with {@code --json}, the API's JSON for scripts; the exit code
 * says how the verb ended (see {@link #usage()}).
 */
public final class TfpsCtl {

  /** Exit code: done. */
  static final int OK = 0;

  /** Exit code: unknown verb or option, missing argument, unreadable settings. */
  static final int USAGE = 1;

  /** Exit code: the API cannot be reached (refused, {@link ApiClient#TIMEOUT}). */
  static final int UNREACHABLE = 2;

  /** Exit code: 401, 403 or 429. */
  static final int REFUSED = 3;

  /** Exit code: 404. */
  static final int NOT_FOUND = 4;

  /** Exit code: 400, 409, 413 and any other 4xx. */
  static final int INVALID = 5;

  /** Exit code: 5xx, or an answer tfpsctl cannot read. */
  static final int SERVER = 6;

  /** Pages followed by list --all and by one events poll at most (a guard against a loop). */
  private static final int MAX_PAGES = 10_000;

  /** Event ids remembered by events --follow to drop the ones seen twice. */
  private static final int SEEN_EVENTS = 10_000;

  private static final String ACCOUNTS = "/v1/accounts";

  /** Why a run failed: the exit code and a one-line message; it carries no stack trace. */
  static final class Failure extends Exception {

    final int exit;

    /** The problem type's last path segment ("not-found"), or null. */
    final String problemType;

    Failure(int exit, String message) {
      this(exit, message, null);
    }

    Failure(int exit, String message, String problemType) {
      super(message, null, false, false);
      this.exit = exit;
      this.problemType = problemType;
    }
  }

  /** A verb's arguments once read: its options by name ("" for a flag) and its positionals. */
  record Args(Map<String, String> options, List<String> positional) {

    boolean has(String option) {
      return options.containsKey(option);
    }

    String get(String option) {
      return options.get(option);
    }

    String pos(int i) {
      return positional.get(i);
    }
  }

  /**
   * A verb, read from {@link #VERB_TEXT}: its usage line, one-line summary and help. Its options
   * (by name: true when it takes a value) and its positionals (names, fewest, most or -1) come from
   * the usage line, so the help cannot drift from what is parsed.
   */
  private record Verb(
      String name,
      String synopsis,
      String summary,
      String details,
      Map<String, Boolean> options,
      List<String> params,
      int min,
      int max) {

    /** Reads "name [--flag] [--opt VALUE] ARG [ARG...]" (plus hidden valued options). */
    static Verb of(String synopsis, String summary, String details, List<String> hidden) {
      String[] t = synopsis.replace("[", " [ ").replace("]", " ] ").strip().split("\\s+");
      Map<String, Boolean> options = new LinkedHashMap<>();
      hidden.forEach(h -> options.put(h, true));
      List<String> params = new ArrayList<>();
      int depth = 0;
      int min = 0;
      int max = 0;
      for (int i = 1; i < t.length; i++) {
        if (t[i].equals("[") || t[i].equals("]")) {
          depth += t[i].equals("[") ? 1 : -1;
        } else if (t[i].startsWith("--")) {
          boolean valued = i + 1 < t.length && Character.isUpperCase(t[i + 1].charAt(0));
          options.put(t[i], valued);
          i += valued ? 1 : 0;
        } else {
          params.add(t[i].replace("...", ""));
          min += depth == 0 ? 1 : 0;
          max = max < 0 || t[i].endsWith("...") ? -1 : max + 1;
        }
      }
      return new Verb(t[0], synopsis, summary, details, options, params, min, max);
    }

    String help() {
      return "usage: tfpsctl "
          + synopsis
          + "\n\n"
          + details
          + "\n\nGlobal options: --json, --url URL, --token-file FILE, --config FILE.\n"
          + "Exit codes: 0 ok, 1 usage, 2 unreachable, 3 refused, 4 not found, 5 invalid,"
          + " 6 server error\n(tfpsctl --help says more).\n";
    }
  }

  /**
   * The verbs, in the order of the help: each is its usage line, its summary and its help, with a
   * blank line after it. "@fields" stands for {@link ApiClient#FIELDS_HELP}.
   */
  private static final String VERB_TEXT =
      """
      list [--blocked] [--prefix P] [--limit N] [--all]
      list the provisioned accounts, or the blocked ones (TFPS v2 verb)
      Lists provisioned accounts in account order: ACCOUNT, HOME (country), TIME ZONE,
      PIN (set or not), CALLS/DAY (its own daily limit) and BLOCKED (until when).
      --prefix P keeps the accounts starting with P. --blocked lists the accounts
      blocked now instead, provisioned or not: ACCOUNT, REASON, UNTIL. The API answers
      a page at a time (--limit N accounts, else its own page size); --all follows the
      pages to the end.

      show ACCOUNT
      show an account's settings and state
      Shows an account's settings ("-": the configured default) and its state now: its
      block, calls today, calls up and spend today. An account nobody provisioned shows
      the defaults ("provisioned no").

      create ACCOUNT [KEY=VALUE...]
      provision an account
      Provisions ACCOUNT (user@domain) with the settings given; the others take the
      configured defaults. Exit code 5 if it exists already.
      @fields

      set ACCOUNT KEY=VALUE...
      change settings of a provisioned account
      Changes the settings given and leaves the others as they are.
      @fields

      delete ACCOUNT
      remove an account's provisioning (it then takes the defaults)
      Removes ACCOUNT's provisioning: its calls then take the configured defaults.

      block ACCOUNT [--reason TEXT] [--minutes N]
      block an account's calls
      Blocks ACCOUNT's calls for N minutes (else the server's default, 1440) with a
      reason that list --blocked and show print.

      unblock ACCOUNT
      lift an account's block
      Lifts ACCOUNT's block, if it has one.

      remove USER DOMAIN
      lift the block of USER@DOMAIN (TFPS v2 verb)
      Lifts the block of the account USER@DOMAIN: unblock under its TFPS v2 name.

      reset USER DOMAIN
      restart today's quotas of USER@DOMAIN from zero (TFPS v2 verb)
      Starts today's quotas and the rate windows of the account USER@DOMAIN again
      from zero.

      authorize ACCOUNT DESTINATION
      let an account call a destination
      Tells TFPS that ACCOUNT may call DESTINATION (POST /v1/accounts/ACCOUNT/authorized).
      A server without that route answers 404: exit code 4.

      end-call ACCOUNT CALL_ID
      end a call's lease, as its call record would
      Ends the lease of call CALL_ID of ACCOUNT, so it no longer counts as up.
      Exit code 4 for a call TFPS does not know, 5 for one already ended.

      status
      show the node's status
      Shows the node: version, uptime, mode, listeners, database and cluster.

      stats
      summarize the node's metrics
      Summarizes /metrics: calls decided, decision latency (mean, and the bucket bound
      of each percentile), SIP requests, verdicts by rule code and requests by method.
      With --json: every sample as {"samples": [{"name", "labels", "value"}...]}.

      events [--account A] [--code C] [--since ISO] [--limit N] [--follow [--interval S]]
      show the latest decisions
      Lists events newest first: AT, ACCOUNT, CODE, ACTION, DIALED, EVIDENCE (long
      cells cut). --since takes an instant such as 2026-11-22T06:00:00Z.
      --follow prints them oldest first, then asks every S seconds (--interval, default
      2) for newer ones until interrupted; with --json it prints one event per line.
      """;

  /** Options a verb takes without showing them: events --max-polls N ends --follow (tests). */
  private static final Map<String, List<String>> HIDDEN = Map.of("events", List.of("--max-polls"));

  private static final List<Verb> VERBS = verbs();

  private static List<Verb> verbs() {
    List<Verb> verbs = new ArrayList<>();
    for (String block : VERB_TEXT.strip().split("\n\n")) {
      String[] lines = block.split("\n", 3);
      String name = lines[0].split(" ")[0];
      String details =
          lines.length > 2 ? lines[2].replace("@fields", "\n" + ApiClient.FIELDS_HELP) : "";
      verbs.add(Verb.of(lines[0], lines[1], details, HIDDEN.getOrDefault(name, List.of())));
    }
    return List.copyOf(verbs);
  }

  private final PrintStream out;
  private final PrintStream err;
  private final boolean json;
  private final ApiClient api;

  private TfpsCtl(PrintStream out, PrintStream err, boolean json, ApiClient api) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.api = api;
  }

  /** Runs tfpsctl and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, System.getenv()));
  }

  /**
   * Runs one verb.
   *
   * @param env the environment (TFPS_URL, TFPS_TOKEN, TFPS_TOKEN_FILE, TFPS_CTL_CONF)
   * @return the exit code
   */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    try {
      return dispatch(args, out, err, env);
    } catch (Failure f) {
      err.println("tfpsctl: " + HumanOutput.clean(f.getMessage()));
      return f.exit;
    } catch (RuntimeException e) {
      err.println("tfpsctl: internal error: " + HumanOutput.clean(String.valueOf(e)));
      return SERVER;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /** Reads the global options wherever they are, then runs the verb. */
  private static int dispatch(
      String[] args, PrintStream out, PrintStream err, Map<String, String> env) throws Failure {
    boolean json = false;
    boolean help = false;
    boolean dashes = false;
    String verbName = null;
    Map<String, String> global = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      int eq = a.startsWith("--") ? a.indexOf('=') : -1;
      String name = eq > 0 ? a.substring(0, eq) : a;
      if (dashes) {
        rest.add(a);
      } else if (name.equals("--url") || name.equals("--token-file") || name.equals("--config")) {
        if (eq < 0 && i + 1 >= args.length) {
          throw new Failure(USAGE, name + " needs a value");
        }
        global.put(name, eq > 0 ? a.substring(eq + 1) : args[++i]);
      } else if (a.equals("--json")) {
        json = true;
      } else if (a.equals("--help") || a.equals("-h")) {
        help = true;
      } else if (verbName == null && a.equals("--")) {
        throw new Failure(USAGE, "missing verb (tfpsctl --help lists them)");
      } else if (verbName != null) {
        dashes = a.equals("--");
        rest.add(a);
      } else if (a.startsWith("-")) {
        throw new Failure(USAGE, "unknown option " + a + " (tfpsctl --help lists them)");
      } else {
        verbName = a;
      }
    }
    if (verbName == null) {
      (help ? out : err).print(usage());
      return help ? OK : USAGE;
    }
    if (verbName.equals("help")) {
      return help(rest, out);
    }
    Verb verb = verb(verbName);
    if (help) {
      out.print(verb.help());
      return OK;
    }
    Args parsed = parse(verb, rest);
    CtlConfig settings =
        CtlConfig.resolve(
            global.get("--url"), global.get("--token-file"), global.get("--config"), env);
    TfpsCtl ctl = new TfpsCtl(out, err, json, new ApiClient(settings));
    ctl.execute(verb, parsed);
    return OK;
  }

  private static int help(List<String> rest, PrintStream out) throws Failure {
    if (rest.isEmpty()) {
      out.print(usage());
    } else if (rest.size() == 1) {
      out.print(verb(rest.get(0)).help());
    } else {
      throw new Failure(USAGE, "help takes one verb at most");
    }
    return OK;
  }

  private static Verb verb(String name) throws Failure {
    for (Verb v : VERBS) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    throw new Failure(USAGE, "unknown verb '" + name + "' (tfpsctl --help lists the verbs)");
  }

  /** The help of tfpsctl: verbs, global options, where settings come from, exit codes. */
  static String usage() {
    StringBuilder b =
        new StringBuilder(
            "usage: tfpsctl [--json] [--url URL] [--token-file FILE] [--config FILE] VERB [ARGS]\n"
                + "\nThe operator CLI of TFPS, over its REST API. Verbs:\n");
    for (Verb v : VERBS) {
      b.append(String.format("  %-10s %s%n", v.name(), v.summary()));
    }
    b.append(String.format("  %-10s %s%n", "help", "help [VERB]: this help, or a verb's"));
    return b.append(
            """

            tfpsctl VERB --help shows a verb's arguments.

            Global options, before or after the verb:
              --json             print the API's JSON (pretty) instead of tables
              --url URL          the API (default http://127.0.0.1:8080)
              --token-file FILE  a file holding the API token on its first line
              --config FILE      the settings file (else $TFPS_CTL_CONF, else
                                 /etc/tfps/tfpsctl.conf if it is there)

            Settings, the first found wins: --url and --token-file; the environment
            (TFPS_URL, TFPS_TOKEN, TFPS_TOKEN_FILE); the settings file, with "key = value"
            lines for url, token and token-file (# starts a comment line).

            Exit codes:
              0  done
              1  usage: unknown verb or option, missing argument, unreadable settings
              2  cannot reach the API (connection refused, no answer within 10 s)
              3  refused: authentication or authorization (401, 403, 429)
              4  not found (404)
              5  conflict or invalid request (400, 409, 413, other 4xx)
              6  server error (5xx) or an answer tfpsctl cannot read
            """)
        .toString();
  }

  /** A verb's options and positionals; a usage failure names what is wrong and the usage line. */
  private static Args parse(Verb verb, List<String> rest) throws Failure {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    boolean dashes = false;
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      if (dashes || !a.startsWith("-") || a.equals("-")) {
        positional.add(a);
        continue;
      }
      if (a.equals("--")) {
        dashes = true;
        continue;
      }
      int eq = a.indexOf('=');
      String name = eq > 0 ? a.substring(0, eq) : a;
      Boolean valued = verb.options().get(name);
      if (Boolean.FALSE.equals(valued) && eq < 0) {
        options.put(name, "");
      } else if (Boolean.TRUE.equals(valued)) {
        if (eq < 0 && i + 1 >= rest.size()) {
          throw usage(verb, name + " needs a value");
        }
        options.put(name, eq > 0 ? a.substring(eq + 1) : rest.get(++i));
      } else {
        throw usage(verb, "unknown option " + a);
      }
    }
    List<String> names = verb.params();
    if (positional.size() < verb.min()) {
      throw usage(verb, "missing " + names.get(Math.min(positional.size(), names.size() - 1)));
    }
    if (verb.max() >= 0 && positional.size() > verb.max()) {
      throw usage(verb, "unexpected argument " + positional.get(verb.max()));
    }
    return new Args(options, positional);
  }

  private static Failure usage(Verb verb, String problem) {
    return new Failure(
        USAGE, verb.name() + ": " + problem + " (usage: tfpsctl " + verb.synopsis() + ")");
  }

  private void execute(Verb verb, Args a) throws Failure {
    switch (verb.name()) {
      case "list" -> list(a);
      case "show" -> print(api.get(path(a.pos(0)), Map.of()), HumanOutput::account);
      case "create" -> create(verb, a);
      case "set" -> set(verb, a);
      case "delete" -> delete(a.pos(0));
      case "block" -> block(a);
      case "unblock" -> unblock(a.pos(0));
      case "remove" -> unblock(account(verb, a.pos(0), a.pos(1)));
      case "reset" -> reset(account(verb, a.pos(0), a.pos(1)));
      case "authorize" -> authorize(a.pos(0), a.pos(1));
      case "end-call" -> endCall(a.pos(0), a.pos(1));
      case "status" -> print(api.get("/v1/status", Map.of()), HumanOutput::status);
      case "stats" -> stats();
      case "events" -> events(a);
      default -> throw new IllegalStateException("no code for verb " + verb.name());
    }
  }

  private void list(Args a) throws Failure {
    boolean blocked = a.has("--blocked");
    Map<String, String> query = new LinkedHashMap<>();
    if (a.has("--limit")) {
      query.put("limit", String.valueOf(count("--limit", a.get("--limit"), 1)));
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

  private void delete(String account) throws Failure {
    done(api.send("DELETE", path(account), null), "deleted " + account);
  }

  private void block(Args a) throws Failure {
    JsonObject body = new JsonObject();
    if (a.has("--reason")) {
      body.put("reason", a.get("--reason"));
    }
    if (a.has("--minutes")) {
      body.put("minutes", count("--minutes", a.get("--minutes"), 1));
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

  private void authorize(String account, String destination) throws Failure {
    JsonObject body = new JsonObject().put("destination", nonEmpty(destination));
    JsonObject answer;
    try {
      answer = api.send("POST", path(account) + "/authorized", body);
    } catch (Failure f) {
      if (f.exit == NOT_FOUND && "not-found".equals(f.problemType)) {
        throw new Failure(
            NOT_FOUND,
            "this TFPS server cannot authorize destinations"
                + " (it has no POST /v1/accounts/{account}/authorized)",
            f.problemType);
      }
      throw f;
    }
    done(answer, "authorized " + destination + " for " + account);
  }

  private void endCall(String account, String callId) throws Failure {
    String target = path(account) + "/calls/" + ApiClient.segment(nonEmpty(callId));
    done(api.send("DELETE", target, null), "ended call " + callId + " of " + account);
  }

  private void stats() throws Failure {
    JsonArray samples = ApiClient.parseMetrics(api.text("/metrics"));
    if (json) {
      out.println(new JsonObject().put("samples", samples).encodePrettily());
    } else {
      out.print(HumanOutput.stats(samples));
    }
  }

  private void events(Args a) throws Failure {
    Map<String, String> query = new LinkedHashMap<>();
    for (String option : List.of("account", "code", "since")) {
      if (a.has("--" + option)) {
        query.put(option, a.get("--" + option));
      }
    }
    if (a.has("--limit")) {
      query.put("limit", String.valueOf(count("--limit", a.get("--limit"), 1)));
    }
    if (a.has("--follow")) {
      follow(
          query,
          a.has("--interval") ? millis(a.get("--interval")) : 2000,
          a.has("--max-polls") ? count("--max-polls", a.get("--max-polls"), 0) : -1);
    } else {
      print(api.get("/v1/events", query), e -> HumanOutput.events(array(e, "events"), false));
    }
  }

  /**
   * Prints the latest events, then polls for newer ones (since the newest seen, its id dropped when
   * it comes again) until interrupted, or {@code maxPolls} polls when that is not -1. A poll that
   * cannot reach the API is reported once and retried; any other failure ends the run.
   */
  private void follow(Map<String, String> query, long intervalMillis, int maxPolls) throws Failure {
    Set<String> seen = new LinkedHashSet<>();
    String newest = query.get("since");
    boolean warned = false;
    if (!json) {
      out.print(HumanOutput.eventsHeader());
    }
    for (int poll = 0; ; poll++) {
      try {
        List<JsonObject> fresh = newer(query, newest, seen, poll == 0);
        for (JsonObject e : fresh) {
          remember(seen, String.valueOf(e.getValue("id")));
          if (e.getValue("at") instanceof String at && later(at, newest)) {
            newest = at;
          }
          out.print(json ? e.encode() + "\n" : HumanOutput.events(new JsonArray().add(e), true));
        }
        warned = false;
      } catch (Failure f) {
        if (f.exit != UNREACHABLE || poll == 0) {
          throw f;
        }
        if (!warned) {
          err.println("tfpsctl: " + HumanOutput.clean(f.getMessage()) + " (still trying)");
          warned = true;
        }
      }
      out.flush();
      if (maxPolls >= 0 && poll >= maxPolls) {
        return;
      }
      try {
        Thread.sleep(intervalMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * The events not seen yet, oldest first. A poll after the first follows the pages back (before=)
   * until it meets an event seen already, so a burst larger than a page is not lost.
   */
  private List<JsonObject> newer(
      Map<String, String> filters, String newest, Set<String> seen, boolean first) throws Failure {
    Map<String, String> query = new LinkedHashMap<>(filters);
    if (newest != null) {
      query.put("since", newest);
    }
    List<JsonObject> fresh = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (int page = 0; page < MAX_PAGES; page++) {
      JsonObject answer = api.get("/v1/events", query);
      boolean met = false;
      for (Object item : array(answer, "events")) {
        if (item instanceof JsonObject e) {
          String id = String.valueOf(e.getValue("id"));
          met |= seen.contains(id);
          if (!seen.contains(id) && taken.add(id)) {
            fresh.add(e);
          }
        }
      }
      Object next = answer.getValue("next");
      if (first || met || next == null || newest == null) {
        break;
      }
      query.put("before", String.valueOf(next));
    }
    Collections.reverse(fresh);
    return fresh;
  }

  private static void remember(Set<String> seen, String id) {
    seen.add(id);
    if (seen.size() > SEEN_EVENTS) {
      Iterator<String> oldest = seen.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** True when instant {@code at} is after {@code newest} (or there is no newest yet). */
  private static boolean later(String at, String newest) {
    if (newest == null) {
      return true;
    }
    try {
      return Instant.parse(at).isAfter(Instant.parse(newest));
    } catch (DateTimeParseException e) {
      return at.compareTo(newest) > 0;
    }
  }

  /** A whole number of at least {@code min}, or a usage failure naming the option. */
  static int count(String name, String raw, int min) throws Failure {
    try {
      int n = Integer.parseInt(raw.strip());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new Failure(USAGE, name + " must be a whole number from " + min + ", not " + raw);
  }

  /** Seconds (0 to 3600, decimals allowed) as milliseconds. */
  private static long millis(String raw) throws Failure {
    try {
      BigDecimal s = new BigDecimal(raw.strip());
      if (s.signum() >= 0 && s.compareTo(BigDecimal.valueOf(3600)) <= 0) {
        return s.movePointRight(3).longValue();
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new Failure(USAGE, "--interval must be seconds from 0 to 3600, not " + raw);
  }

  /** USER and DOMAIN of the TFPS v2 verbs as the account USER@DOMAIN. */
  private static String account(Verb verb, String user, String domain) throws Failure {
    if (user.isBlank() || domain.isBlank() || user.contains("@") || domain.contains("@")) {
      throw usage(verb, "USER and DOMAIN must be given apart and without '@'");
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

  private static JsonArray array(JsonObject o, String key) {
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
