package io.meshfed.events.contract;

import io.meshfed.events.EventType;
import io.meshfed.events.model.AppliedCredentials;
import io.meshfed.events.model.ClusterDegraded;
import io.meshfed.events.model.ClusterJoined;
import io.meshfed.events.model.ClusterLeft;
import io.meshfed.events.model.ClusterReady;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.ClusterUnreachable;
import io.meshfed.events.model.CniSettings;
import io.meshfed.events.model.Condition;
import io.meshfed.events.model.CredentialEnvelope;
import io.meshfed.events.model.DeclareMesh;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.GatewayAddress;
import io.meshfed.events.model.GatewayPlacement;
import io.meshfed.events.model.JoinCluster;
import io.meshfed.events.model.LeaveCluster;
import io.meshfed.events.model.Locality;
import io.meshfed.events.model.MemberPlan;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.MeshNetworksChanged;
import io.meshfed.events.model.MeshPrimary;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.MeshState;
import io.meshfed.events.model.NetworkEndpoint;
import io.meshfed.events.model.NetworkGateway;
import io.meshfed.events.model.NetworkSpec;
import io.meshfed.events.model.Phase;
import io.meshfed.events.model.RequestAccepted;
import io.meshfed.events.model.RequestRejected;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SealedCredential;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.model.Toleration;
import io.meshfed.events.model.UpdateCluster;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Events built in Java, as the hub and the agents build them, with every optional field set (the
 * fixtures cover the sparse forms). The switch makes a new {@link EventType} fail to compile here
 * until it has a sample.
 */
final class SampleEvents {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00.123456789Z");

  private static final String SIGNING_KEY =
      "MCowBQYDK2VwAyEAihVllnu0vcu0Itja+u0QPMc/2EGdHgUh7edJmY9sXIY=";
  private static final String RECIPIENT_KEY = "CIeex9IPEnAKZAo0dHlwZS5nb29nbGVhcGlz";
  private static final String WRAPPED_KEY =
      "AQAAAAGb1L3kOQ1fHQ9xj3bq2nZk7c0XqXzTnC8mRkS0vJ4wH2bE5y6uYt0P3m9sVw==";
  private static final String CERTIFICATE =
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  private static final String CSR =
      "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";

  private SampleEvents() {}

  static MeshEvent of(EventType type) {
    return switch (type) {
      case DECLARE_MESH -> new DeclareMesh("mesh-a", "v1.28.1-rc.1", cni(), placement(), true);
      case JOIN_CLUSTER ->
          new JoinCluster(
              "mesh-a",
              "west",
              Role.REMOTE,
              "net-west",
              "east",
              placement(),
              "https://[2001:db8::1]:6443",
              SIGNING_KEY,
              "kubernetes.default.svc");
      case UPDATE_CLUSTER ->
          new UpdateCluster(
              "mesh-a",
              "east",
              Role.PRIMARY,
              "net-east",
              null,
              placement(),
              "https://e.example:6443",
              SIGNING_KEY,
              "api.east.internal.example");
      case LEAVE_CLUSTER -> new LeaveCluster("mesh-a", "west");
      case DESIRED_MEMBERSHIP ->
          // A primary that serves a remote: its own plan is set (a primary has no control plane).
          new DesiredMembership(
              "mesh-a",
              "east",
              Role.PRIMARY,
              "net-east",
              null,
              "v1.28.1",
              cni(),
              placement(),
              "https://e.example:6443",
              12,
              3,
              SIGNING_KEY,
              CERTIFICATE,
              CERTIFICATE,
              "kubernetes.default.svc",
              true);
      case MESH_STATE ->
          new MeshState(
              "mesh-a",
              42,
              "v1.28.1",
              networks(),
              new TreeMap<>(
                  Map.of(
                      "east",
                      new MemberPlan(
                          Role.PRIMARY,
                          "net-east",
                          null,
                          null,
                          true,
                          "https://e.example:6443",
                          List.of("west"),
                          RECIPIENT_KEY,
                          null),
                      "west",
                      new MemberPlan(
                          Role.REMOTE,
                          "net-west",
                          "east",
                          "ew-east.example.net",
                          false,
                          "https://w.example:6443",
                          List.of(),
                          RECIPIENT_KEY,
                          new TreeMap<>(Map.of("east", sealed()))))),
              cni(),
              placement(),
              true);
      case MESH_RECORD ->
          new MeshRecord(
              "mesh-a",
              43,
              "v1.28.1",
              networks(),
              new TreeMap<>(
                  Map.of(
                      "east", new MeshPrimary("ew-east.example.net", RECIPIENT_KEY),
                      "north", new MeshPrimary(null, RECIPIENT_KEY))),
              cni(),
              placement(),
              true);
      case SHARED_CREDENTIAL ->
          new SharedCredential(
              "mesh-a",
              "west",
              5,
              "https://w.example:6443",
              envelope("west-3", "east", "north"),
              new TreeMap<>(Map.of("east", "west-3", "north", "west-2")));
      case CLUSTER_STATUS ->
          // The legacy forms (sealedCredentials, appliedCredentials) are set too, so that the
          // schema checks every field; an agent of wire v2 writes the digest and count instead.
          new ClusterStatus(
              "mesh-a",
              "east",
              Phase.DEGRADED,
              List.of(
                  new Condition(
                      "GatewayAddressAssigned",
                      Condition.FALSE,
                      "LoadBalancerPending",
                      "no ingress yet",
                      NOW)),
              12,
              42,
              List.of(GatewayAddress.ip("2001:db8::15"), GatewayAddress.hostname("ew.example.net")),
              "0.1.0",
              List.of(new Locality("eu-west-1", "eu-west-1a", "rack-7")),
              "https://e.example:6443",
              NOW,
              CSR,
              NOW.plusSeconds(86_400),
              SIGNING_KEY,
              RECIPIENT_KEY,
              new TreeMap<>(Map.of("west", sealed())),
              new TreeMap<>(Map.of("west", "west-3")),
              envelope("east-7", "north"),
              "east-7",
              AppliedCredentials.digest(Map.of("north", "north-2", "west", "west-3")),
              2,
              NOW.toEpochMilli());
      case REQUEST_ACCEPTED ->
          new RequestAccepted(
              "mesh-a", "req-1", EventType.JOIN_CLUSTER.ceType(), "west", 12, "team-a@example.com");
      case REQUEST_REJECTED ->
          new RequestRejected(
              "mesh-a",
              "req-2",
              EventType.UPDATE_CLUSTER.ceType(),
              "west",
              "InvalidName",
              "gatewayPlacement.tolerations[0].effect",
              "effect must be NoSchedule, PreferNoSchedule or NoExecute",
              "team-a@example.com");
      case CLUSTER_JOINED -> new ClusterJoined("mesh-a", "west", Role.REMOTE, "net-west", 1);
      case CLUSTER_READY -> new ClusterReady("mesh-a", "west", 12);
      case CLUSTER_DEGRADED ->
          new ClusterDegraded("mesh-a", "east", "LoadBalancerPending", "no ingress yet");
      case CLUSTER_UNREACHABLE -> new ClusterUnreachable("mesh-a", "west", NOW);
      case CLUSTER_LEFT -> new ClusterLeft("mesh-a", "west");
      case MESH_NETWORKS_CHANGED -> new MeshNetworksChanged("mesh-a", 42, networks());
    };
  }

  private static SealedCredential sealed() {
    return new SealedCredential(
        SealedCredential.REMOTE_SECRET, "west-3", "ASWOt9NklYPmVICqJgpc", NOW.plusSeconds(3_600));
  }

  /** A credential sealed once for its recipients (the contract does not decrypt it). */
  private static CredentialEnvelope envelope(String credentialId, String... recipients) {
    TreeMap<String, String> wrapped = new TreeMap<>();
    for (String recipient : recipients) {
      wrapped.put(recipient, WRAPPED_KEY);
    }
    return new CredentialEnvelope(
        SealedCredential.REMOTE_SECRET,
        credentialId,
        NOW.plusSeconds(3_600),
        "ASWOt9NklYPmVICqJgpcZNpHi7KPfbi0iS6cfo2t6ovh7ztiD3lDUPUbuvFEG5kv",
        wrapped);
  }

  private static CniSettings cni() {
    return new CniSettings("/var/lib/cni/net.d", List.of("kube-system", "openshift-sdn"));
  }

  private static GatewayPlacement placement() {
    return new GatewayPlacement(
        Map.of("node-role.kubernetes.io/infra", "", "kubernetes.io/os", "linux"),
        List.of(
            new Toleration("node-role.kubernetes.io/infra", "Equal", "reserved", "NoSchedule"),
            new Toleration(null, "Exists", null, null)));
  }

  private static TreeMap<String, NetworkSpec> networks() {
    return new TreeMap<>(
        Map.of(
            "net-east",
            new NetworkSpec(
                List.of(new NetworkEndpoint("east")),
                List.of(new NetworkGateway("ew-east.example.net", 15443))),
            "net-west",
            new NetworkSpec(
                List.of(new NetworkEndpoint("west")),
                List.of(new NetworkGateway("2001:db8::15", 15443)))));
  }
}
