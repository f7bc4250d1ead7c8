package io.meshfed.agent.member;

import io.meshfed.agent.config.AgentConfig;
import io.meshfed.agent.messaging.RecordTarget;
import io.meshfed.agent.messaging.RecordTargets;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The clusters this agent process serves, one {@link MemberAgent} each: built at start from the
 * configuration ({@link ServedClusters}: one cluster in single-cluster mode, several in hosted
 * mode), stopped at shutdown. A configuration that names no cluster, both modes, or a cluster that
 * cannot be reached through its kubeconfig stops the start with a message that says what to fix.
 */
@Startup
@ApplicationScoped
public class MemberAgents implements RecordTargets {

  private static final Logger LOG = Logger.getLogger(MemberAgents.class);

  private final AgentConfig config;
  private final ClusterClients clients;
  private final MemberAgentFactory factory;
  private final Map<String, MemberAgent> members = new TreeMap<>();
  private List<RecordTarget> targets = List.of();

  public MemberAgents(AgentConfig config, ClusterClients clients, MemberAgentFactory factory) {
    this.config = config;
    this.clients = clients;
    this.factory = factory;
  }

  @PostConstruct
  void start() {
    List<ServedCluster> served = ServedClusters.from(config);
    for (ServedCluster cluster : served) {
      members.put(cluster.name(), factory.create(cluster.name(), clients.open(cluster)));
    }
    targets = List.copyOf(members.values());
    members.values().forEach(MemberAgent::start);
    if (served.size() == 1 && served.get(0).kubeconfig().isEmpty()) {
      LOG.infof("cluster=%s: serving this cluster", served.get(0).name());
    } else {
      LOG.infof("hosted mode: serving %d clusters: %s", served.size(), members.keySet());
    }
  }

  @PreDestroy
  void stop() {
    members.values().forEach(MemberAgent::stop);
    clients.closeAll();
  }

  /** The agent of a served cluster. */
  public Optional<MemberAgent> member(String cluster) {
    return Optional.ofNullable(members.get(cluster));
  }

  /** The agents of every served cluster, by cluster name. */
  public Collection<MemberAgent> members() {
    return members.values();
  }

  @Override
  public Optional<RecordTarget> forCluster(String cluster) {
    return Optional.ofNullable(members.get(cluster));
  }

  @Override
  public Collection<RecordTarget> all() {
    return targets;
  }
}
