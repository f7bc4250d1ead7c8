package io.meshfed.sandbox.bench;

import java.util.List;
import java.util.Map;

/**
 * What one benchmark run measured.
 *
 * @param clusters the number of generated clusters
 * @param agentProcesses how many agent processes served them
 * @param secondsToConverge from the first REST request to the hub's {@code converged}
 * @param addressChangeMillis per gateway address change: to every primary's {@code Istio} carrying
 *     it
 * @param recordsPerAddressChange per address change: records per topic (status: changes only)
 * @param recordsPerClusterUpdate per REST update of one cluster: records per topic
 * @param hubHeapMib the hub's used heap after the run
 * @param agentHeapMib the used heap of every agent process after the run, summed
 * @param loadAverage the machine's one-minute load average when the run started (other work on the
 *     machine shows here)
 */
record BenchResult(
    int clusters,
    int agentProcesses,
    double secondsToConverge,
    List<Double> addressChangeMillis,
    List<Map<String, Integer>> recordsPerAddressChange,
    List<Map<String, Integer>> recordsPerClusterUpdate,
    double hubHeapMib,
    double agentHeapMib,
    double loadAverage) {}
