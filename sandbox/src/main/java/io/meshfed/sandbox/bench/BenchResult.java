package io.meshfed.sandbox.bench;

import java.util.List;
import java.util.Map;

/**
 * What one benchmark run measured.
 *
 * @param shape the topology, in words
 * @param engine {@code sandbox} (simulated clusters and the real agents) or {@code fleet simulator}
 *     (agents played at the protocol level, no Kubernetes API)
 * @param clusters the number of member clusters
 * @param primaries how many of them are primaries
 * @param agentProcesses how many agent processes served them (0 for the fleet simulator)
 * @param secondsToConverge from the first REST request to convergence
 * @param convergedBy what convergence means in this run: the reachability oracle's full matrix and
 *     the hub's word (sandbox), or the hub's word (fleet simulator)
 * @param addressChangeMillis per gateway address change: until every primary has it (its {@code
 *     Istio} in the sandbox, the mesh record it read in the fleet simulator)
 * @param perAddressChange per address change: the records the change cost
 * @param perClusterUpdate per REST update of one cluster: the records it cost
 * @param largestRecord the largest record of each topic during the run, in bytes
 * @param hubHeapMib the hub's used heap after the run
 * @param hubCpuSeconds the CPU time the hub used during the run
 * @param hubRebuildSeconds the hub's rebuild from the log after a restart (its own measure)
 * @param agentHeapMib the used heap of every agent process after the run, summed
 * @param agentCpuSeconds the CPU time every agent process used during the run, summed
 * @param benchCpuSeconds the CPU time the bench's own process used during the run: the Kafka broker
 *     and the simulated clusters, or the broker and the fleet simulator
 * @param hubProfile where the hub spent its time during the run (until its restart)
 * @param loadAverage the one-minute load average when the run started
 */
record BenchResult(
    String shape,
    String engine,
    int clusters,
    int primaries,
    int agentProcesses,
    double secondsToConverge,
    String convergedBy,
    List<Double> addressChangeMillis,
    List<TopicWindow.Traffic> perAddressChange,
    List<TopicWindow.Traffic> perClusterUpdate,
    Map<String, Integer> largestRecord,
    double hubHeapMib,
    double hubCpuSeconds,
    double hubRebuildSeconds,
    double agentHeapMib,
    double agentCpuSeconds,
    double benchCpuSeconds,
    HotMethods hubProfile,
    HotMethods benchProfile,
    double loadAverage) {

  /** The CPU time this JVM used so far, in seconds. */
  static double ownCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }
}
