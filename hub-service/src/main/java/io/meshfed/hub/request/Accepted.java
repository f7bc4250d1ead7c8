package io.meshfed.hub.request;

import io.meshfed.hub.plan.Changes;

/**
 * An accepted request: what to write, and the generation to answer with.
 *
 * @param changes the records to publish and the registry once they are on the log
 * @param meshId the mesh
 * @param clusterName the cluster, null for a mesh declaration
 * @param generation the cluster's desired generation (the mesh revision for a declaration)
 */
public record Accepted(Changes changes, String meshId, String clusterName, long generation)
    implements Decision {}
