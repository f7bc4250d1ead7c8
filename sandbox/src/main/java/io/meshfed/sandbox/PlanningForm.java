package io.meshfed.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Prints a converged mesh the way the hand procedures plan it: one row per cluster (cluster, role,
 * network, east-west address, phase), then the assembled {@code meshNetworks} as Istio values.
 */
public final class PlanningForm {

  private PlanningForm() {}

  public static String render(JsonNode mesh) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"CLUSTER", "ROLE", "NETWORK", "EAST-WEST ADDRESS", "PHASE"});
    for (JsonNode c : mesh.path("clusters")) {
      rows.add(
          new String[] {
            c.path("name").asText(),
            c.path("role").asText(),
            c.path("network").asText("-"),
            c.path("eastWestAddress").isTextual() ? c.path("eastWestAddress").asText() : "-",
            c.path("phase").asText()
          });
    }
    int[] width = new int[5];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("Mesh ")
        .append(mesh.path("meshId").asText())
        .append(" (Istio ")
        .append(mesh.path("istioVersion").asText())
        .append(")\n\n");
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        out.append(String.format("%-" + (width[i] + 2) + "s", r[i]));
      }
      out.setLength(out.length() - 2);
      out.append('\n');
    }
    out.append("\nmeshNetworks:\n");
    JsonNode networks = mesh.path("meshNetworks");
    if (networks.isEmpty()) {
      out.append("  {}  # one network: no east-west routing needed\n");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = networks.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> n = it.next();
      out.append("  ").append(n.getKey()).append(":\n    endpoints:\n");
      for (JsonNode e : n.getValue().path("endpoints")) {
        out.append("      - fromRegistry: ").append(e.path("fromRegistry").asText()).append('\n');
      }
      JsonNode gateways = n.getValue().path("gateways");
      out.append("    gateways:").append(gateways.isEmpty() ? " []\n" : "\n");
      for (JsonNode g : gateways) {
        out.append("      - address: ")
            .append(g.path("address").asText())
            .append("\n        port: ")
            .append(g.path("port").asInt())
            .append('\n');
      }
    }
    return out.toString();
  }
}
