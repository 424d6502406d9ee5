package org.tfps.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data files replaced through the API: checked first, in force at once, kept on disk. */
class DataFilesIT {

  @TempDir static Path dir;
  static TfpsHarness tfps;

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(dir.resolve("blocked.txt"), "CU\n");
    tfps =
        TfpsHarness.start(
            dir, "tfps.engine.blocked-countries-file = \"" + dir.resolve("blocked.txt") + "\"\n");
  }

  @AfterAll
  static void stop() throws Exception {
    if (tfps != null) {
      tfps.close();
    }
  }

  static HttpResponse<String> api(String method, String path, String body) throws Exception {
    return Api.send(tfps.tfps.apiPort(), method, path, TfpsHarness.TEST_TOKEN, body);
  }

  static String code(String number) throws Exception {
    return new JsonObject(
            api(
                    "GET",
                    "/v1/decide?account=9901@pbx.example.com&dialed=" + number.replace("+", "%2B"),
                    null)
                .body())
        .getString("code");
  }

  @Test
  void aFileReplacedThroughTheApiIsCheckedThenInForce() throws Exception {
    JsonArray files = new JsonObject(api("GET", "/v1/data", null).body()).getJsonArray("files");
    assertThat(files).hasSize(5);
    JsonObject blocked = files.getJsonObject(0);
    assertThat(blocked.getString("name")).isEqualTo("blocked-countries");
    assertThat(blocked.getInteger("entries")).isEqualTo(1);
    assertThat(code("+5312345678")).isEqualTo("R06");
    assertThat(code("+493012345678")).isEqualTo("R00");

    var mode = java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----");
    Files.setPosixFilePermissions(dir.resolve("blocked.txt"), mode);
    HttpResponse<String> put = api("PUT", "/v1/data/blocked-countries", "# now Germany\nDE\n");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(code("+493012345678")).isEqualTo("R06");
    assertThat(code("+5312345678")).as("Cuba no longer blocked").isNotEqualTo("R06");
    assertThat(Files.readString(dir.resolve("blocked.txt"))).isEqualTo("# now Germany\nDE\n");
    assertThat(Files.getPosixFilePermissions(dir.resolve("blocked.txt"))).isEqualTo(mode);
    try (var left = Files.list(dir)) {
      assertThat(left.map(Path::toString)).noneMatch(f -> f.endsWith(".tmp"));
    }

    HttpResponse<String> bad = api("PUT", "/v1/data/blocked-countries", "DE\nXX\n");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getString("detail")).contains("XX");
    assertThat(code("+493012345678")).as("the data in use is kept").isEqualTo("R06");
    assertThat(Files.readString(dir.resolve("blocked.txt"))).isEqualTo("# now Germany\nDE\n");

    assertThat(api("PUT", "/v1/data/ranges", "+881,Satellite,deny\n").statusCode()).isEqualTo(409);
    assertThat(api("GET", "/v1/data/ranges", null).body()).contains("+881");
    assertThat(api("PUT", "/v1/data/nope", "x").statusCode()).isEqualTo(404);
    assertThat(api("GET", "/v1/data/blocked-countries", null).body()).contains("DE");
  }
}
