package org.tfps.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A verify dialog's route set (RFC 3261 12.1.1): the Record-Route values of the INVITE, in order,
 * as a UAS keeps them. A softswitch that record-routes (Kamailio's {@code record_route()}) stays on
 * the path of every request inside the dialog: TFPS's 2xx repeats its Record-Route, and TFPS's BYE
 * carries the route set as Route headers (12.2.1.1). Empty when no proxy record-routed.
 *
 * @param routes each route's name-addr as received, e.g. {@code <sip:10.0.0.5;lr>}
 */
record RouteSet(List<String> routes) {

  static final RouteSet EMPTY = new RouteSet(List.of());

  RouteSet {
    routes = List.copyOf(routes);
  }

  /**
   * From the INVITE's Record-Route header lines, each of which may hold several comma-separated
   * values.
   */
  static RouteSet of(List<String> recordRouteLines) {
    if (recordRouteLines.isEmpty()) {
      return EMPTY;
    }
    List<String> out = new ArrayList<>();
    for (String line : recordRouteLines) {
      split(line, out);
    }
    return new RouteSet(out);
  }

  /** Splits at the commas outside quotes and angle brackets (a URI may hold a comma). */
  private static void split(String line, List<String> out) {
    boolean quoted = false;
    boolean bracket = false;
    int start = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"' && !bracket && (i == 0 || line.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (c == '<' && !quoted) {
        bracket = true;
      } else if (c == '>' && !quoted) {
        bracket = false;
      } else if (c == ',' && !quoted && !bracket) {
        add(line.substring(start, i), out);
        start = i + 1;
      }
    }
    add(line.substring(start), out);
  }

  private static void add(String value, List<String> out) {
    String v = value.trim();
    if (!v.isEmpty()) {
      out.add(v);
    }
  }

  boolean isEmpty() {
    return routes.isEmpty();
  }

  /** The Record-Route lines TFPS's 2xx repeats (12.1.1), in the INVITE's order. */
  List<String> recordRouteHeaders() {
    List<String> out = new ArrayList<>(routes.size());
    for (String r : routes) {
      out.add("Record-Route: " + r);
    }
    return out;
  }

  /**
   * The Request-URI of a request inside the dialog (12.2.1.1): the remote target, unless the first
   * route is a strict router (no {@code lr}), which then takes the Request-URI.
   */
  String requestUri(String remoteTarget) {
    return isEmpty() || looseRouter() ? remoteTarget : uri(routes.get(0));
  }

  /**
   * The Route header lines of a request inside the dialog: the route set; behind a strict router,
   * the rest of it and then the remote target.
   */
  List<String> routeHeaders(String remoteTarget) {
    List<String> out = new ArrayList<>(routes.size() + 1);
    if (isEmpty()) {
      return out;
    }
    boolean loose = looseRouter();
    for (int i = loose ? 0 : 1; i < routes.size(); i++) {
      out.add("Route: " + routes.get(i));
    }
    if (!loose) {
      out.add("Route: <" + remoteTarget + ">");
    }
    return out;
  }

  /**
   * Where a request inside the dialog goes first: the first route's host and port when the host is
   * an IP address, else null (TFPS resolves no names on its call path: the caller of this then
   * sends to the address the INVITE came from, which is that proxy in every deployment we know).
   */
  Hop firstHop() {
    return isEmpty() ? null : Hop.of(uri(routes.get(0)));
  }

  private boolean looseRouter() {
    String uri = uri(routes.get(0));
    for (String p : uri.split(";")) {
      String name = p.trim().toLowerCase(Locale.ROOT);
      if (name.equals("lr") || name.startsWith("lr=")) {
        return true;
      }
    }
    return false;
  }

  /** The URI inside a name-addr's angle brackets (or the addr-spec up to its parameters). */
  static String uri(String nameAddr) {
    int lt = nameAddr.indexOf('<');
    if (lt >= 0) {
      int gt = nameAddr.indexOf('>', lt);
      return gt < 0 ? nameAddr.substring(lt + 1) : nameAddr.substring(lt + 1, gt);
    }
    return nameAddr;
  }

  /**
   * An address and port a request is sent to.
   *
   * @param ip an IPv4 or IPv6 address (IPv6 without brackets)
   * @param port the port (5060 when the URI names none, 5061 for sips)
   */
  record Hop(String ip, int port) {

    /** The hop of a sip or sips URI whose host is an IP address, else null. */
    static Hop of(String uri) {
      String lower = uri.toLowerCase(Locale.ROOT);
      boolean sips = lower.startsWith("sips:");
      if (!sips && !lower.startsWith("sip:")) {
        return null;
      }
      String rest = uri.substring(sips ? 5 : 4);
      int at = rest.indexOf('@');
      String hostport = rest.substring(at + 1);
      int end = hostport.length();
      for (int i = 0; i < hostport.length(); i++) {
        char c = hostport.charAt(i);
        if (c == ';' || c == '?' || c == '>') {
          end = i;
          break;
        }
      }
      hostport = hostport.substring(0, end);
      String host;
      String port = "";
      if (hostport.startsWith("[")) {
        int close = hostport.indexOf(']');
        if (close < 0) {
          return null;
        }
        host = hostport.substring(1, close);
        if (close + 1 < hostport.length() && hostport.charAt(close + 1) == ':') {
          port = hostport.substring(close + 2);
        }
      } else {
        int colon = hostport.lastIndexOf(':');
        host = colon < 0 ? hostport : hostport.substring(0, colon);
        port = colon < 0 ? "" : hostport.substring(colon + 1);
      }
      if (!isIpLiteral(host)) {
        return null;
      }
      int p;
      if (port.isEmpty()) {
        p = sips ? 5061 : 5060;
      } else {
        try {
          p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
          return null;
        }
        if (p < 1 || p > 65535) {
          return null;
        }
      }
      return new Hop(host, p);
    }

    private static boolean isIpLiteral(String host) {
      if (host.indexOf(':') >= 0) {
        return host.matches("[0-9A-Fa-f:.]+");
      }
      String[] parts = host.split("\\.", -1);
      if (parts.length != 4) {
        return false;
      }
      for (String part : parts) {
        if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
          return false;
        }
        if (Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }
  }
}
