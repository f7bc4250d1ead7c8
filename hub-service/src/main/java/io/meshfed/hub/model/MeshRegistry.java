package io.meshfed.hub.model;

import io.meshfed.events.model.MeshState;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the hub knows, rebuilt from the log: declared meshes, the last mesh record of each,
 * every member, the last status of each member, and the hub's epoch. Immutable; every change
 * returns a new registry.
 *
 * @param meshes declared meshes by id
 * @param meshRecords the last mesh record on the log, by mesh id
 * @param members members by cluster name (a cluster belongs to at most one mesh)
 * @param observed the last status of each member, by cluster name
 * @param epoch the hub incarnation written into desired records
 */
public record MeshRegistry(
    SortedMap<String, MeshSettings> meshes,
    SortedMap<String, MeshState> meshRecords,
    SortedMap<String, Member> members,
    SortedMap<String, ObservedCluster> observed,
    long epoch) {

  public MeshRegistry {
    meshes = frozen(meshes);
    meshRecords = frozen(meshRecords);
    members = frozen(members);
    observed = frozen(observed);
  }

  public static MeshRegistry empty(long epoch) {
    return new MeshRegistry(null, null, null, null, epoch);
  }

  public Optional<MeshSettings> mesh(String meshId) {
    return Optional.ofNullable(meshes.get(meshId));
  }

  public Optional<MeshState> meshRecord(String meshId) {
    return Optional.ofNullable(meshRecords.get(meshId));
  }

  public Optional<Member> member(String clusterName) {
    return Optional.ofNullable(members.get(clusterName));
  }

  /** The member of the given mesh with that name, if it is one. */
  public Optional<Member> member(String meshId, String clusterName) {
    return member(clusterName).filter(m -> m.meshId().equals(meshId));
  }

  public Optional<ObservedCluster> observed(String clusterName) {
    return Optional.ofNullable(observed.get(clusterName));
  }

  /** The members of a mesh, sorted by cluster name. */
  public List<Member> membersOf(String meshId) {
    return members.values().stream().filter(m -> m.meshId().equals(meshId)).toList();
  }

  /** The remotes a primary serves, sorted by cluster name. */
  public List<Member> remotesOf(Member primary) {
    return membersOf(primary.meshId()).stream()
        .filter(Member::isRemote)
        .filter(m -> primary.clusterName().equals(m.controlPlaneCluster()))
        .toList();
  }

  public MeshRegistry withMesh(MeshSettings mesh) {
    return new MeshRegistry(
        put(meshes, mesh.meshId(), mesh), meshRecords, members, observed, epoch);
  }

  public MeshRegistry withMeshRecord(MeshState record) {
    return new MeshRegistry(
        meshes, put(meshRecords, record.meshId(), record), members, observed, epoch);
  }

  public MeshRegistry withMember(Member member) {
    return new MeshRegistry(
        meshes, meshRecords, put(members, member.clusterName(), member), observed, epoch);
  }

  /** Removes a member and forgets its status: a later join starts from Pending. */
  public MeshRegistry withoutMember(String clusterName) {
    return new MeshRegistry(
        meshes, meshRecords, remove(members, clusterName), remove(observed, clusterName), epoch);
  }

  public MeshRegistry withObserved(String clusterName, ObservedCluster cluster) {
    return new MeshRegistry(
        meshes, meshRecords, members, put(observed, clusterName, cluster), epoch);
  }

  public MeshRegistry withoutObserved(String clusterName) {
    return new MeshRegistry(meshes, meshRecords, members, remove(observed, clusterName), epoch);
  }

  private static <V> SortedMap<String, V> put(Map<String, V> in, String key, V value) {
    TreeMap<String, V> copy = new TreeMap<>(in);
    copy.put(key, value);
    return copy;
  }

  private static <V> SortedMap<String, V> remove(Map<String, V> in, String key) {
    TreeMap<String, V> copy = new TreeMap<>(in);
    copy.remove(key);
    return copy;
  }

  private static <V> SortedMap<String, V> frozen(Map<String, V> in) {
    return Collections.unmodifiableSortedMap(in == null ? new TreeMap<>() : new TreeMap<>(in));
  }
}
