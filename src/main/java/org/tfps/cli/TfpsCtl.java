package org.tfps.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * tfpsctl, the operator CLI of TFPS: one verb per run, spoken over the REST API v1 (docs/api.md).
 * It prints tables for people or, with {@code --json}, the API's JSON for scripts; the exit code
 * says how the verb ended (see {@link #usage()}).
 *
 * <p>This class is the command line: the global options, the verbs' usage lines and help (from
 * which their options are parsed), and the exit codes. {@link Verbs} carries the verbs out.
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
  record Verb(
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
        if (t[i].equals("|")) {
          continue; // alternatives: the verb checks which one it got
        } else if (t[i].equals("[") || t[i].equals("]")) {
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
      PIN (set or not) and CALLS/DAY (its own daily limit). This list does not say
      which accounts are blocked: --blocked lists the accounts blocked now instead,
      provisioned or not: ACCOUNT, REASON, UNTIL. --prefix P keeps the accounts
      starting with P, in both lists. The API answers a page at a time (--limit N
      accounts, else its own page size); --all follows the pages to the end.

      show ACCOUNT
      show an account's settings, destination lists and state
      Shows an account's settings ("-": the configured default), its authorized and
      blocked destinations, and its state now: its block, calls today, calls up and
      spend today. An account nobody provisioned shows the defaults ("provisioned no").

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

      monitor ACCOUNT
      let an account's calls through and record what TFPS would have done
      Switches ACCOUNT to monitor-only: every verdict is computed, recorded and
      alerted as would-deny or would-verify, and its calls are let through.
      An event of kind operator records the switch.

      enforce ACCOUNT
      let TFPS's verdicts decide an account's calls again
      Switches ACCOUNT from monitor-only to enforcing; an operator event records
      it.

      authorize ACCOUNT DESTINATION
      let an account call a destination
      Puts DESTINATION on ACCOUNT's authorized list: the rules that judge the
      destination itself (blocked country, ranges, number type...) skip it.
      DESTINATION is an E.164 number or prefix (+53), a country (CU) or 001.
      Exit code 5 for a destination TFPS refuses.

      unauthorize ACCOUNT DESTINATION
      take a destination off an account's authorized list
      Takes DESTINATION off ACCOUNT's authorized list, written as it was added
      (+53, CU). Exit code 4 when it is not on the list.

      block-destination ACCOUNT DESTINATION
      deny every call of an account to a destination (R27)
      Puts DESTINATION on ACCOUNT's blocked list: every call of ACCOUNT to it is
      denied by R27. DESTINATION is an E.164 number or prefix (+1900), a country
      (CU) or 001. Exit code 5 for a destination TFPS refuses.

      unblock-destination ACCOUNT DESTINATION
      take a destination off an account's blocked list
      Takes DESTINATION off ACCOUNT's blocked list. Exit code 4 when it is not on
      the list.

      end-call ACCOUNT CALL_ID
      end a call's lease, as its call record would
      Ends the lease of call CALL_ID of ACCOUNT, so it no longer counts as up.
      Exit code 4 for a call TFPS does not know, 5 for one already ended.

      import-cdrs FILE [--format FORMAT] [--zone ZONE] [--domain DOMAIN]
      import a CDR file: the history seeds the accounts' learned profiles
      Sends FILE (Asterisk Master.csv, FreeSWITCH CSV, CGRateS CSV or the generic
      CSV of docs/cdr-import.md; FORMAT asterisk, freeswitch, cgrates, generic or
      auto) to TFPS. Its outbound calls not imported before seed each account's
      days, peak concurrency and countries (R25, R26). ZONE is the zone of the
      file's local times (default UTC); DOMAIN is added to account names without
      one (1001 becomes 1001@DOMAIN). Prints the counts and every bad row with its
      line and column. Importing the file again adds nothing.

      what-if FILE [--format FORMAT] [--zone ZONE] [--from TIME] [--to TIME]
      what TFPS would have done with the calls of a CDR file
      Replays the outbound calls of FILE (formats as for import-cdrs), each at its
      own time, through the node's current policy and provisioned accounts, without
      touching live state, and prints the report: calls that would have been
      denied or verified, by rule and account, with examples and their evidence
      (Markdown; --json for the JSON report). TIME is an ISO 8601 instant
      (2026-09-01T00:00:00Z); the period is [--from, --to).

      data [list | get NAME | put NAME FILE]
      list, read or replace the node's data files
      data (or data list) lists the node's data files: NAME, ENTRIES (in force now)
      and PATH (the configured file; "-": none, the built-in list).
      data get NAME prints the file's content (to redirect into a file).
      data put NAME FILE replaces it with FILE ("-": standard input): TFPS checks it
      as a reload would and puts it in force at once. Exit code 5 for content TFPS
      refuses, naming the line, or for a file that is not configured ("-" in PATH);
      4 for a NAME that is not a data file (blocked-countries, ranges,
      scanner-user-agents, rates, ip-deny-list).

      status
      show the node's status
      Shows the node: version, uptime, mode, listeners, database and cluster.

      stats [--top N]
      summarize the node's last hour of decisions
      Summarizes GET /v1/stats: the calls of the last hour, calls per second in the
      last whole minute, decision time (p50, p99), the calls by deciding code over
      the hour, and the accounts and destinations with the most calls denied or sent
      to verify (--top N of each, 1 to 100; else 10). A server without /v1/stats gets
      a summary of /metrics instead. With --json: the API's JSON.

      events [--account A] [--code C] [--since ISO] [--limit N] [--follow [--interval S]]
      show the latest decisions, or follow them live
      Lists events newest first: AT, ACCOUNT, CODE, ACTION (for an operator's
      action, its verb), DIALED, EVIDENCE (long cells cut). --since takes an instant
      such as 2026-11-22T06:00:00Z.
      --follow prints the node's events as they happen (its live event stream, with
      the --account and --code filters) until interrupted; with --since or --limit it
      first prints those earlier events, oldest first. With --json it prints one
      event per line. When the stream drops, it says so once and reconnects every
      S seconds (--interval, default 2).
      """;

  /** Options a verb takes without showing them: events --max-events N ends --follow (tests). */
  private static final Map<String, List<String>> HIDDEN = Map.of("events", List.of("--max-events"));

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

  private TfpsCtl() {}

  /** Runs tfpsctl and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err, System.getenv()));
  }

  /** Runs one verb with the process's standard input ({@code data put NAME -}). */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return run(args, System.in, out, err, env);
  }

  /**
   * Runs one verb.
   *
   * @param in what {@code data put NAME -} reads
   * @param env the environment (TFPS_URL, TFPS_TOKEN, TFPS_TOKEN_FILE, TFPS_CTL_CONF)
   * @return the exit code
   */
  static int run(
      String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
    try {
      return dispatch(args, in, out, err, env);
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
      String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env)
      throws Failure {
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
    new Verbs(new ApiClient(settings), in, out, err, json, Clock.systemUTC()).execute(verb, parsed);
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
      b.append(String.format("  %-19s  %s%n", v.name(), v.summary()));
    }
    b.append(String.format("  %-19s  %s%n", "help", "help [VERB]: this help, or a verb's"));
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

  /** A usage failure of {@code verb}: the problem, then the verb's usage line. */
  static Failure usage(Verb verb, String problem) {
    return new Failure(
        USAGE, verb.name() + ": " + problem + " (usage: tfpsctl " + verb.synopsis() + ")");
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
  static long millis(String raw) throws Failure {
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
}
