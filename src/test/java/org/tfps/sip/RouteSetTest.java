package org.tfps.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The verify dialog's route set (RFC 3261 12.1.1, 12.2.1.1). */
class RouteSetTest {

  private static final String TARGET = "sip:1001@192.0.2.7:5070";

  @Test
  void recordRouteLinesSplitAtCommasOutsideQuotesAndBrackets() {
    RouteSet r =
        RouteSet.of(
            List.of(
                "<sip:10.0.0.1;lr>, \"Edge, West\" <sip:10.0.0.2;lr;x=a,b>",
                " <sip:[2001:db8::1]:5080;lr> "));
    assertThat(r.routes())
        .containsExactly(
            "<sip:10.0.0.1;lr>",
            "\"Edge, West\" <sip:10.0.0.2;lr;x=a,b>",
            "<sip:[2001:db8::1]:5080;lr>");
    assertThat(r.recordRouteHeaders())
        .containsExactly(
            "Record-Route: <sip:10.0.0.1;lr>",
            "Record-Route: \"Edge, West\" <sip:10.0.0.2;lr;x=a,b>",
            "Record-Route: <sip:[2001:db8::1]:5080;lr>");
  }

  @Test
  void behindALooseRouterTheRequestUriIsTheRemoteTargetAndEveryRouteIsARouteHeader() {
    RouteSet r = RouteSet.of(List.of("<sip:10.0.0.1:5080;lr>", "<sip:10.0.0.2;lr>"));
    assertThat(r.requestUri(TARGET)).isEqualTo(TARGET);
    assertThat(r.routeHeaders(TARGET))
        .containsExactly("Route: <sip:10.0.0.1:5080;lr>", "Route: <sip:10.0.0.2;lr>");
    assertThat(r.firstHop()).isEqualTo(new RouteSet.Hop("10.0.0.1", 5080));
  }

  @Test
  void behindAStrictRouterTheFirstRouteIsTheRequestUriAndTheTargetTheLastRoute() {
    RouteSet r = RouteSet.of(List.of("<sip:10.0.0.1>", "<sip:10.0.0.2;lr>"));
    assertThat(r.requestUri(TARGET)).isEqualTo("sip:10.0.0.1");
    assertThat(r.routeHeaders(TARGET))
        .containsExactly("Route: <sip:10.0.0.2;lr>", "Route: <" + TARGET + ">");
  }

  @Test
  void withoutRecordRouteTheRequestGoesToTheRemoteTargetWithNoRoute() {
    RouteSet r = RouteSet.of(List.of());
    assertThat(r.isEmpty()).isTrue();
    assertThat(r.requestUri(TARGET)).isEqualTo(TARGET);
    assertThat(r.routeHeaders(TARGET)).isEmpty();
    assertThat(r.firstHop()).isNull();
  }

  @Test
  void aHopIsAnAddressAndAPortOrNothing() {
    assertThat(RouteSet.Hop.of("sip:10.0.0.1;lr")).isEqualTo(new RouteSet.Hop("10.0.0.1", 5060));
    assertThat(RouteSet.Hop.of("sips:10.0.0.1;lr")).isEqualTo(new RouteSet.Hop("10.0.0.1", 5061));
    assertThat(RouteSet.Hop.of("sip:kam@[2001:db8::1]:5080;lr"))
        .isEqualTo(new RouteSet.Hop("2001:db8::1", 5080));
    assertThat(RouteSet.Hop.of("sip:proxy.example.com;lr")).as("a name: not resolved").isNull();
    assertThat(RouteSet.Hop.of("sip:10.0.0.256;lr")).isNull();
    assertThat(RouteSet.Hop.of("sip:10.0.0.1:99999;lr")).isNull();
    assertThat(RouteSet.Hop.of("tel:+12125550100")).isNull();
  }
}
