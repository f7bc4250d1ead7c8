package io.meshfed.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns successive answers of {@code GET /api/v1/meshes/{mesh}} into one line per change. */
public final class ProgressLines {

  private final Map<String, String> last = new HashMap<>();

  /** The lines for what changed since the previous answer: a cluster's phase or address. */
  public List<String> next(JsonNode mesh, double elapsedSeconds) {
    List<String> lines = new ArrayList<>();
    for (JsonNode c : mesh.path("clusters")) {
      String name = c.path("name").asText();
      String address = c.path("eastWestAddress").asText("");
      String state =
          c.path("phase").asText("?")
              + " gen "
              + c.path("observedGeneration").asText("0")
              + "/"
              + c.path("generation").asText("0")
              + (address.isEmpty() ? "" : " east-west " + address);
      if (!state.equals(last.put(name, state))) {
        lines.add(String.format("[%6.1fs] %-20s %s", elapsedSeconds, name, state));
      }
    }
    return lines;
  }
}
