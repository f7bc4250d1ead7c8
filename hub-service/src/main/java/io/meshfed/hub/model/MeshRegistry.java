package io.meshfed.hub.model;

import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.SharedCredential;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the hub knows, rebuilt from the log: declared meshes, the last mesh record of each,
 * the last credential record of each sender, every member (with the plan last written in its
 * desired record), the last status of each member, and the hub's epoch. Immutable; every change
 * returns a new registry.
 *
 * @param meshes declared meshes by id
 * @param meshRecords the last mesh record on the log ({@code meshfed.meshes.v2}), by mesh id
 * @param credentials the last credential record on the log ({@code meshfed.credentials.v1}), by
 *     sending cluster
 * @param members members by cluster name (a cluster belongs to at most one mesh)
 * @param observed the last status of each member, by cluster name
 * @param revisionsBefore for a mesh that has no mesh record yet but had a mesh state of the first
 *     contract ({@code meshfed.meshes.v1}), that state's revision: its first mesh record continues
 *     from it, by mesh id
 * @param epoch the hub incarnation written into desired records
 */
public record MeshRegistry(
    SortedMap<String, MeshSettings> meshes,
    SortedMap<String, MeshRecord> meshRecords,
    SortedMap<String, SharedCredential> credentials,
    SortedMap<String, Member> members,
    SortedMap<String, ObservedCluster> observed,
    SortedMap<String, Long> revisionsBefore,
    long epoch) {

  public MeshRegistry {
    meshes = frozen(meshes);
    meshRecords = frozen(meshRecords);
    credentials = frozen(credentials);
    members = frozen(members);
    observed = frozen(observed);
    revisionsBefore = frozen(revisionsBefore);
  }

  public static MeshRegistry empty(long epoch) {
    return new MeshRegistry(null, null, null, null, null, null, epoch);
  }

  public Optional<MeshSettings> mesh(String meshId) {
    return Optional.ofNullable(meshes.get(meshId));
  }

  public Optional<MeshRecord> meshRecord(String meshId) {
    return Optional.ofNullable(meshRecords.get(meshId));
  }

  /** The revision of the mesh's last mesh record (0 before the first one). */
  public long meshRevision(String meshId) {
    return meshRecord(meshId).map(MeshRecord::revision).orElse(0L);
  }

  /** The revision a mesh's first mesh record continues from. */
  public long revisionBefore(String meshId) {
    return revisionsBefore.getOrDefault(meshId, 0L);
  }

  public Optional<SharedCredential> credential(String sender) {
    return Optional.ofNullable(credentials.get(sender));
  }

  /** The credential records of a mesh's senders, sorted by sender. */
  public List<SharedCredential> credentialsOf(String meshId) {
    return credentials.values().stream().filter(c -> c.meshId().equals(meshId)).toList();
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
        put(meshes, mesh.meshId(), mesh),
        meshRecords,
        credentials,
        members,
        observed,
        revisionsBefore,
        epoch);
  }

  public MeshRegistry withMeshRecord(MeshRecord record) {
    return new MeshRegistry(
        meshes,
        put(meshRecords, record.meshId(), record),
        credentials,
        members,
        observed,
        revisionsBefore,
        epoch);
  }

  /** Notes the revision of a mesh's state of the first contract, for its first mesh record. */
  public MeshRegistry withRevisionBefore(String meshId, long revision) {
    return new MeshRegistry(
        meshes,
        meshRecords,
        credentials,
        members,
        observed,
        put(revisionsBefore, meshId, revision),
        epoch);
  }

  /** Puts the given credential records and removes those of the given senders, at once. */
  public MeshRegistry withCredentials(
      Collection<SharedCredential> written, Collection<String> removed) {
    if (written.isEmpty() && removed.isEmpty()) {
      return this;
    }
    TreeMap<String, SharedCredential> copy = new TreeMap<>(credentials);
    written.forEach(c -> copy.put(c.sender(), c));
    removed.forEach(copy::remove);
    return new MeshRegistry(meshes, meshRecords, copy, members, observed, revisionsBefore, epoch);
  }

  public MeshRegistry withMember(Member member) {
    return withMembers(List.of(member));
  }

  /** Puts the given members at once (one copy of the members, whatever their number). */
  public MeshRegistry withMembers(Collection<Member> changed) {
    if (changed.isEmpty()) {
      return this;
    }
    TreeMap<String, Member> copy = new TreeMap<>(members);
    changed.forEach(m -> copy.put(m.clusterName(), m));
    return new MeshRegistry(
        meshes, meshRecords, credentials, copy, observed, revisionsBefore, epoch);
  }

  /** Removes a member and forgets its status: a later join starts from Pending. */
  public MeshRegistry withoutMember(String clusterName) {
    return new MeshRegistry(
        meshes,
        meshRecords,
        credentials,
        remove(members, clusterName),
        remove(observed, clusterName),
        revisionsBefore,
        epoch);
  }

  public MeshRegistry withObserved(String clusterName, ObservedCluster cluster) {
    return new MeshRegistry(
        meshes,
        meshRecords,
        credentials,
        members,
        put(observed, clusterName, cluster),
        revisionsBefore,
        epoch);
  }

  public MeshRegistry withoutObserved(String clusterName) {
    return new MeshRegistry(
        meshes,
        meshRecords,
        credentials,
        members,
        remove(observed, clusterName),
        revisionsBefore,
        epoch);
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
