package io.meshfed.sandbox.fleet;

import io.meshfed.events.EventType;
import io.meshfed.events.Topics;
import io.meshfed.events.model.ClusterStatus;
import io.meshfed.events.model.DesiredMembership;
import io.meshfed.events.model.MeshEvent;
import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.NetworkGateway;
import io.meshfed.events.model.Role;
import io.meshfed.events.model.SharedCredential;
import io.meshfed.events.serde.CloudEventHeaders;
import io.meshfed.events.serde.EventCodec;
import io.meshfed.events.serde.EventDecodeException;
import io.meshfed.events.serde.KafkaEvents;
import io.meshfed.kafka.KafkaClientConfig;
import io.meshfed.security.sign.RecordSigner;
import io.meshfed.security.sign.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Many agents in one process, played at the protocol level against the real hub and a real broker
 * ({@link FleetMember}): they read the desired, mesh and credential topics as agents do and answer
 * with signed status records, with real keys and real sealed credentials, but render no Kubernetes
 * object. It measures the hub and the wire design at sizes where simulated API servers would be too
 * heavy. One thread reads the topics, one builds and sends the statuses of the clusters whose
 * inputs changed, and every member reports again every heartbeat, as agents do.
 */
public final class FleetSimulator implements AutoCloseable {

  private static final Duration HEARTBEAT = Duration.ofSeconds(10);

  private final Clock clock = Clock.systemUTC();
  private final Map<String, FleetMember> members = new LinkedHashMap<>();
  private final Map<String, MeshRecord> meshes = new ConcurrentHashMap<>();

  /** The credential records by mesh, then by sender: a member reads only its own mesh's. */
  private final Map<String, Map<String, SharedCredential>> credentials = new ConcurrentHashMap<>();

  /** The mesh of each sender's credential record, to find it again when it is deleted. */
  private final Map<String, String> credentialMesh = new ConcurrentHashMap<>();

  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final Map<String, ClusterStatus> sent = new HashMap<>();

  /** The last sequence sent per member: the next is the greater of it plus one and now. */
  private final Map<String, Long> sequences = new HashMap<>();

  private final Map<String, Map<String, Long>> gatewaySeen = new ConcurrentHashMap<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Semaphore wake = new Semaphore(0);
  private final Thread reader;
  private final Thread writer;
  private volatile long recordsRead;
  private volatile long bytesRead;

  /**
   * @param clusters the clusters to play, by name, with the address of each one's east-west gateway
   * @param apiCaPem the CA the clusters' API server certificates chain to, for their kubeconfigs
   */
  public FleetSimulator(String bootstrapServers, Map<String, String> clusters, String apiCaPem) {
    Instant now = clock.instant();
    clusters.forEach(
        (name, address) -> members.put(name, new FleetMember(name, address, apiCaPem, now)));
    consumer =
        new KafkaConsumer<>(
            KafkaClientConfig.consumer(bootstrapServers, "fleet-" + UUID.randomUUID()));
    consumer.subscribe(List.of(Topics.DESIRED, Topics.MESHES, Topics.CREDENTIALS));
    producer = new KafkaProducer<>(KafkaClientConfig.producer(bootstrapServers));
    reader = new Thread(this::readLoop, "fleet-reader");
    writer = new Thread(this::write, "fleet-writer");
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  /** Moves a cluster's east-west gateway to another address, as a cloud replacing its LB. */
  public void moveGateway(String cluster, String address) {
    synchronized (members) {
      members.get(cluster).moveGateway(address);
    }
    dirty.add(cluster);
    wake.release();
  }

  /**
   * Starts noting when each primary reads a mesh record that lists the address as a gateway (call
   * it before the change that brings the address).
   */
  public void watchGateway(String address) {
    gatewaySeen.put(address, new ConcurrentHashMap<>());
  }

  /**
   * When each primary first read a mesh record that lists a watched address as a gateway, in {@link
   * System#nanoTime()}, by primary.
   */
  public Map<String, Long> gatewaySeenBy(String address) {
    return Map.copyOf(gatewaySeen.getOrDefault(address, Map.of()));
  }

  private void noteWatchedGateways(MeshRecord mesh) {
    if (gatewaySeen.isEmpty()) {
      return;
    }
    long seen = System.nanoTime();
    Set<String> listed = new HashSet<>();
    mesh.meshNetworks()
        .values()
        .forEach(n -> n.gateways().stream().map(NetworkGateway::address).forEach(listed::add));
    gatewaySeen.forEach(
        (address, byPrimary) -> {
          if (listed.contains(address)) {
            mesh.primaries().keySet().stream()
                .filter(members::containsKey)
                .forEach(p -> byPrimary.putIfAbsent(p, seen));
          }
        });
  }

  /** The primaries among the members, as their desired records say. */
  public List<String> primaries() {
    synchronized (members) {
      return members.values().stream()
          .filter(m -> m.desired().map(d -> d.role() == Role.PRIMARY).orElse(false))
          .map(FleetMember::cluster)
          .toList();
    }
  }

  /** Records and bytes read from the three topics since the start. */
  public long[] readTotals() {
    return new long[] {recordsRead, bytesRead};
  }

  private void readLoop() {
    while (running.get()) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        recordsRead++;
        bytesRead += r.value() == null ? 0 : r.value().length;
        take(r);
      }
    }
  }

  private void take(ConsumerRecord<String, byte[]> r) {
    switch (r.topic()) {
      case Topics.DESIRED -> {
        FleetMember m = members.get(r.key());
        if (m == null) {
          return;
        }
        synchronized (members) {
          m.desired(r.value() == null ? null : decode(r, DesiredMembership.class));
        }
        dirty.add(r.key());
        wake.release();
      }
      case Topics.MESHES -> {
        MeshRecord mesh = decode(r, MeshRecord.class);
        if (mesh == null) {
          return;
        }
        meshes.put(mesh.meshId(), mesh);
        noteWatchedGateways(mesh);
        synchronized (members) {
          members.values().stream()
              .filter(m -> m.desired().map(d -> d.meshId().equals(mesh.meshId())).orElse(false))
              .forEach(m -> dirty.add(m.cluster()));
        }
        wake.release();
      }
      case Topics.CREDENTIALS -> {
        SharedCredential c = r.value() == null ? null : decode(r, SharedCredential.class);
        if (r.value() != null && c == null) {
          return;
        }
        String meshId = c != null ? c.meshId() : credentialMesh.remove(r.key());
        if (meshId == null) {
          return;
        }
        if (c == null) {
          credentials.getOrDefault(meshId, Map.of()).remove(r.key());
        } else {
          String moved = credentialMesh.put(c.sender(), meshId);
          if (moved != null && !moved.equals(meshId)) {
            credentials.getOrDefault(moved, Map.of()).remove(c.sender());
          }
          credentials.computeIfAbsent(meshId, m -> new ConcurrentHashMap<>()).put(c.sender(), c);
        }
        // The sender reads its own record; the mesh's primaries hold its remote secret (a status
        // that did not change is not sent again).
        if (members.containsKey(r.key())) {
          dirty.add(r.key());
        }
        synchronized (members) {
          members.values().stream()
              .filter(
                  m ->
                      m.desired()
                          .map(d -> d.role() == Role.PRIMARY && d.meshId().equals(meshId))
                          .orElse(false))
              .forEach(m -> dirty.add(m.cluster()));
        }
        wake.release();
      }
      default -> {}
    }
  }

  private <T extends MeshEvent> T decode(ConsumerRecord<String, byte[]> r, Class<T> type) {
    try {
      return EventCodec.decode(type, r.value());
    } catch (EventDecodeException e) {
      return null;
    }
  }

  private void write() {
    Instant lastHeartbeat = clock.instant();
    while (running.get()) {
      Instant now = clock.instant();
      Set<String> due = new LinkedHashSet<>(dirty);
      dirty.removeAll(due);
      boolean heartbeat = now.isAfter(lastHeartbeat.plus(HEARTBEAT));
      if (heartbeat) {
        due.addAll(members.keySet());
        lastHeartbeat = now;
      }
      for (String cluster : due) {
        report(members.get(cluster), now, heartbeat);
      }
      if (due.isEmpty()) {
        try {
          wake.tryAcquire(200, TimeUnit.MILLISECONDS);
          wake.drainPermits();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void report(FleetMember m, Instant now, boolean heartbeat) {
    Optional<ClusterStatus> status;
    synchronized (members) {
      String mesh = m.desired().map(DesiredMembership::meshId).orElse(null);
      status =
          m.status(
              mesh == null ? null : meshes.get(mesh),
              mesh == null ? Map.of() : credentials.getOrDefault(mesh, Map.of()),
              now);
    }
    if (status.isEmpty()) {
      return;
    }
    ClusterStatus previous = sent.get(m.cluster());
    if (!heartbeat && previous != null && same(previous, status.get())) {
      return;
    }
    sent.put(m.cluster(), status.get());
    long sequence =
        sequences.merge(
            m.cluster(), now.toEpochMilli(), (last, millis) -> Math.max(last + 1, millis));
    byte[] value = EventCodec.encode(status.get().withSequence(sequence));
    Headers headers =
        KafkaEvents.headers(
            EventType.CLUSTER_STATUS,
            "/meshfed/agent/" + m.cluster(),
            UUID.randomUUID().toString(),
            now);
    headers.add(
        CloudEventHeaders.SIGNATURE,
        RecordSigner.sign(m.signing().getPrivate(), m.cluster(), value)
            .getBytes(StandardCharsets.UTF_8));
    headers.add(
        CloudEventHeaders.KEY_ID,
        SigningKeys.fingerprint(m.signing().getPublic()).getBytes(StandardCharsets.UTF_8));
    producer.send(new ProducerRecord<>(Topics.STATUS, null, m.cluster(), value, headers));
  }

  /** Whether two statuses say the same thing, whenever they were reported. */
  private static boolean same(ClusterStatus a, ClusterStatus b) {
    return a.phase() == b.phase()
        && a.observedGeneration() == b.observedGeneration()
        && a.observedMeshRevision() == b.observedMeshRevision()
        && a.eastWestAddresses().equals(b.eastWestAddresses())
        && Objects.equals(a.intermediateCsr(), b.intermediateCsr())
        && Objects.equals(a.appliedCredentialsDigest(), b.appliedCredentialsDigest())
        && Objects.equals(a.sharedCredential(), b.sharedCredential())
        && Objects.equals(a.sharedCredentialId(), b.sharedCredentialId())
        && Objects.equals(a.recipientPublicKey(), b.recipientPublicKey());
  }

  /** The clusters played, in order. */
  public List<String> clusters() {
    return new ArrayList<>(members.keySet());
  }

  @Override
  public void close() {
    running.set(false);
    try {
      reader.join(5_000);
      writer.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close();
    producer.close();
  }
}
