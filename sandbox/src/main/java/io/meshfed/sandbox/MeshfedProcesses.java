package io.meshfed.sandbox;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The meshfed services of a sandbox as processes: the hub and the agents (one per cluster, or a
 * hosted agent serving several), started, awaited until ready, restarted and stopped together. Safe
 * to close from another thread while it starts or waits.
 */
public final class MeshfedProcesses implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private ServiceProcess hub;

  /** The agent processes by name; in hosted mode one process serves several clusters. */
  private final Map<String, ServiceProcess> agents = new LinkedHashMap<>();

  /** The name of the agent process that serves each cluster. */
  private final Map<String, String> agentOfCluster = new LinkedHashMap<>();

  private volatile boolean closed;

  public synchronized void startHub(ServiceProcess.Launch launch) throws IOException {
    checkOpen();
    hub = ServiceProcess.start(launch);
  }

  synchronized void startAgent(AgentLauncher.Agent agent) throws IOException {
    checkOpen();
    agents.put(agent.launch().name(), ServiceProcess.start(agent.launch()));
    agent.clusters().forEach(c -> agentOfCluster.put(c, agent.launch().name()));
  }

  /**
   * Waits until the hub and every agent answer ready on {@code /q/health/ready} of their management
   * interface.
   */
  public void awaitReady() throws IOException {
    awaitReady(hub);
    for (ServiceProcess agent : snapshot()) {
      awaitReady(agent);
    }
  }

  /** Stops the hub, starts it again on the same port and waits until it is ready. */
  public ServiceProcess restartHub() throws IOException {
    return restartHub(START_TIMEOUT);
  }

  /**
   * Stops the hub, starts it again on the same port and waits until it is ready (it rebuilds from
   * the log first), at most {@code readyWithin}.
   */
  public ServiceProcess restartHub(Duration readyWithin) throws IOException {
    ServiceProcess restarted;
    synchronized (this) {
      checkOpen();
      hub = hub.restart();
      restarted = hub;
    }
    awaitReady(restarted, readyWithin);
    return restarted;
  }

  /** Restarts the agent process that serves a cluster (in hosted mode: with its other clusters). */
  ServiceProcess restartAgent(String cluster) throws IOException {
    ServiceProcess restarted;
    synchronized (this) {
      checkOpen();
      String name = agentName(cluster);
      restarted = agents.get(name).restart();
      agents.put(name, restarted);
    }
    awaitReady(restarted);
    return restarted;
  }

  /** The management interface of the hub ({@code /q/health}, {@code /q/metrics}). */
  public synchronized URI hubManagementUrl() {
    return managementUrl(hub);
  }

  /** The management interface of the agent that serves a cluster. */
  synchronized URI agentManagementUrl(String cluster) {
    return managementUrl(agents.get(agentName(cluster)));
  }

  /** The management interfaces of the agent processes. */
  synchronized List<URI> agentManagementUrls() {
    return agents.values().stream().map(MeshfedProcesses::managementUrl).toList();
  }

  synchronized long agentPid(String cluster) {
    return agents.get(agentName(cluster)).pid();
  }

  synchronized int agentProcesses() {
    return agents.size();
  }

  public synchronized long hubPid() {
    return hub.pid();
  }

  /** Throws when a service process has exited (it should run until closed). */
  public synchronized void ensureAlive() throws IOException {
    List<ServiceProcess> all = new ArrayList<>(agents.values());
    if (hub != null) {
      all.add(hub);
    }
    for (ServiceProcess p : all) {
      if (!p.alive()) {
        throw new IOException(p.name() + " exited; see " + p.log());
      }
    }
  }

  /** Asks every process to stop at once, then waits for each. Safe to call twice. */
  @Override
  public void close() {
    closed = true;
    List<ServiceProcess> all;
    synchronized (this) {
      all = new ArrayList<>(agents.values());
      if (hub != null) {
        all.add(hub);
      }
      agents.clear();
      agentOfCluster.clear();
      hub = null;
    }
    all.forEach(ServiceProcess::stop);
    all.forEach(ServiceProcess::close);
  }

  private void awaitReady(ServiceProcess service) throws IOException {
    awaitReady(service, START_TIMEOUT);
  }

  private void awaitReady(ServiceProcess service, Duration within) throws IOException {
    URI base = managementUrl(service);
    long deadline = System.nanoTime() + within.toNanos();
    while (!HttpProbe.ready(base)) {
      checkOpen();
      if (!service.alive()) {
        throw new IOException(service.name() + " exited; see " + service.log());
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            service.name()
                + " did not become ready in "
                + within.toSeconds()
                + "s; see "
                + service.log());
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  private synchronized List<ServiceProcess> snapshot() {
    return List.copyOf(agents.values());
  }

  private String agentName(String cluster) {
    String name = agentOfCluster.get(cluster);
    if (name == null) {
      throw new IllegalArgumentException("no agent serves cluster " + cluster);
    }
    return name;
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("the sandbox is stopping");
    }
  }

  private static URI managementUrl(ServiceProcess p) {
    return URI.create("http://127.0.0.1:" + p.managementPort());
  }
}
