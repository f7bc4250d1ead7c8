package io.meshfed.hub.registry;

import io.meshfed.events.model.MeshRecord;
import io.meshfed.events.model.SharedCredential;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.pcollections.TreePMap;

/**
 * Everything the hub knows, rebuilt from the log: declared meshes, the last mesh record of each,
 * the last credential record of each sender, which of each sender's credentials each primary
 * confirmed applied, every member (with the plan last written in its desired record), the last
 * status of each member, and the hub's epoch. Immutable; every change returns a new registry.
 *
 * @param meshes declared meshes by id
 * @param meshRecords the last mesh record on the log ({@code meshfed.meshes.v2}), by mesh id
 * @param credentials the last credential record on the log ({@code meshfed.credentials.v1}), by
 *     sending cluster: what the hub routes
 * @param appliedBy by sending cluster, the id of its credential each primary confirmed applied, by
 *     primary: a primary confirms by reporting the digest of exactly what the hub routes to it. The
 *     {@code appliedBy} of the credential records, from which it is rebuilt
 * @param confirmedDigests by primary, the digest it reported when it last confirmed, while what it
 *     confirmed is unchanged: the same digest again confirms nothing new
 * @param members members by cluster name (a cluster belongs to at most one mesh)
 * @param observed the last status of each member, by cluster name
 * @param revisionsBefore for a mesh that has no mesh record yet but had a mesh state of the first
 *     contract ({@code meshfed.meshes.v1}), that state's revision: its first mesh record continues
 *     from it, by mesh id
 * @param epoch the hub incarnation written into desired records
 * @param membersByMesh the members again, by mesh id and cluster name: an index kept with {@code
 *     members} (null to build it from them)
 */
public record MeshRegistry(
    SortedMap<String, MeshSettings> meshes,
    SortedMap<String, MeshRecord> meshRecords,
    SortedMap<String, SharedCredential> credentials,
    SortedMap<String, SortedMap<String, String>> appliedBy,
    SortedMap<String, String> confirmedDigests,
    SortedMap<String, Member> members,
    SortedMap<String, ObservedCluster> observed,
    SortedMap<String, Long> revisionsBefore,
    long epoch,
    SortedMap<String, SortedMap<String, Member>> membersByMesh) {

  private static final Object NATURAL_ORDER = TreePMap.empty().comparator();

  public MeshRegistry {
    meshes = frozen(meshes);
    meshRecords = frozen(meshRecords);
    credentials = frozen(credentials);
    appliedBy = frozen(appliedBy);
    confirmedDigests = frozen(confirmedDigests);
    members = frozen(members);
    observed = frozen(observed);
    revisionsBefore = frozen(revisionsBefore);
    membersByMesh = membersByMesh == null ? byMesh(members) : frozen(membersByMesh);
  }

  public static MeshRegistry empty(long epoch) {
    return new MeshRegistry(null, null, null, null, null, null, null, null, epoch, null);
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

  /** The id of the sender's credential each primary confirmed applied, by primary. */
  public SortedMap<String, String> appliedBy(String sender) {
    return appliedBy.getOrDefault(sender, Collections.emptySortedMap());
  }

  /** The digest a primary last confirmed with, while what it confirmed is unchanged. */
  public Optional<String> confirmedDigest(String primary) {
    return Optional.ofNullable(confirmedDigests.get(primary));
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
    return List.copyOf(membersByMesh.getOrDefault(meshId, TreePMap.empty()).values());
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
        appliedBy,
        confirmedDigests,
        members,
        observed,
        revisionsBefore,
        epoch,
        membersByMesh);
  }

  public MeshRegistry withMeshRecord(MeshRecord record) {
    return new MeshRegistry(
        meshes,
        put(meshRecords, record.meshId(), record),
        credentials,
        appliedBy,
        confirmedDigests,
        members,
        observed,
        revisionsBefore,
        epoch,
        membersByMesh);
  }

  /** Notes the revision of a mesh's state of the first contract, for its first mesh record. */
  public MeshRegistry withRevisionBefore(String meshId, long revision) {
    return new MeshRegistry(
        meshes,
        meshRecords,
        credentials,
        appliedBy,
        confirmedDigests,
        members,
        observed,
        put(revisionsBefore, meshId, revision),
        epoch,
        membersByMesh);
  }

  /** Puts the given credential records and removes those of the given senders, at once. */
  public MeshRegistry withCredentials(
      Collection<SharedCredential> written, Collection<String> removed) {
    if (written.isEmpty() && removed.isEmpty()) {
      return this;
    }
    TreePMap<String, SharedCredential> copy = tree(credentials);
    for (SharedCredential c : written) {
      copy = copy.plus(c.sender(), c);
    }
    copy = copy.minusAll(removed);
    return new MeshRegistry(
        meshes,
        meshRecords,
        copy,
        appliedBy,
        confirmedDigests,
        members,
        observed,
        revisionsBefore,
        epoch,
        membersByMesh);
  }

  /**
   * Replaces what primaries confirmed applied by what the credential records say (their {@code
   * appliedBy}, the system of record): the rebuild at start. No digest is known to stand for it;
   * each primary's next digest is compared anew.
   *
   * @param bySender by sending cluster, the id of its credential each primary applied, by primary
   */
  public MeshRegistry withAppliedBy(Map<String, ? extends Map<String, String>> bySender) {
    TreeMap<String, SortedMap<String, String>> applied = new TreeMap<>();
    bySender.forEach(
        (sender, byPrimary) -> {
          if (!byPrimary.isEmpty()) {
            applied.put(sender, Collections.unmodifiableSortedMap(new TreeMap<>(byPrimary)));
          }
        });
    return new MeshRegistry(
        meshes,
        meshRecords,
        credentials,
        applied,
        null,
        members,
        observed,
        revisionsBefore,
        epoch,
        membersByMesh);
  }

  /**
   * What primaries confirmed applied, at once: for each, the digest it confirmed with and the id of
   * each sender's credential it applied; every other sender of its mesh loses the primary from its
   * {@code appliedBy} (the primary applied nothing of it).
   *
   * @param confirmed by primary
   */
  public MeshRegistry withConfirmed(Map<String, Confirmed> confirmed) {
    if (confirmed.isEmpty()) {
      return this;
    }
    TreePMap<String, SortedMap<String, String>> applied = tree(appliedBy);
    TreePMap<String, String> digests = tree(confirmedDigests);
    for (Map.Entry<String, Confirmed> c : confirmed.entrySet()) {
      String primary = c.getKey();
      digests = digests.plus(primary, c.getValue().digest());
      Member member = members.get(primary);
      if (member == null) {
        continue;
      }
      for (Member sender : membersByMesh.get(member.meshId()).values()) {
        if (!sender.clusterName().equals(primary)) {
          applied =
              set(
                  applied,
                  sender.clusterName(),
                  primary,
                  c.getValue().bySender().get(sender.clusterName()));
        }
      }
    }
    return new MeshRegistry(
        meshes,
        meshRecords,
        credentials,
        applied,
        digests,
        members,
        observed,
        revisionsBefore,
        epoch,
        membersByMesh);
  }

  /**
   * What a primary confirmed applied: the digest of its report and the id of each sender's
   * credential it covers, by sender.
   */
  public record Confirmed(String digest, SortedMap<String, String> bySender) {

    public Confirmed {
      Objects.requireNonNull(digest);
      bySender = Collections.unmodifiableSortedMap(new TreeMap<>(bySender));
    }
  }

  /**
   * Forgets what a cluster confirmed applied as a recipient: it left, or is no primary any more,
   * and holds no remote secret (should it hold them again, it confirms them again).
   */
  public MeshRegistry withoutRecipient(String cluster) {
    TreePMap<String, SortedMap<String, String>> applied = tree(appliedBy);
    for (String sender : appliedBy.keySet()) {
      applied = set(applied, sender, cluster, null);
    }
    return new MeshRegistry(
        meshes,
        meshRecords,
        credentials,
        applied,
        remove(confirmedDigests, cluster),
        members,
        observed,
        revisionsBefore,
        epoch,
        membersByMesh);
  }

  public MeshRegistry withMember(Member member) {
    return withMembers(List.of(member));
  }

  /** Puts the given members at once (one copy of the members, whatever their number). */
  public MeshRegistry withMembers(Collection<Member> changed) {
    if (changed.isEmpty()) {
      return this;
    }
    TreePMap<String, Member> copy = tree(members);
    TreePMap<String, SortedMap<String, Member>> index = tree(membersByMesh);
    for (Member m : changed) {
      Member before = copy.get(m.clusterName());
      if (before != null && !before.meshId().equals(m.meshId())) {
        index = without(index, before.meshId(), m.clusterName());
      }
      copy = copy.plus(m.clusterName(), m);
      index =
          index.plus(
              m.meshId(),
              tree(index.getOrDefault(m.meshId(), TreePMap.empty())).plus(m.clusterName(), m));
    }
    return new MeshRegistry(
        meshes,
        meshRecords,
        credentials,
        appliedBy,
        confirmedDigests,
        copy,
        observed,
        revisionsBefore,
        epoch,
        index);
  }

  /**
   * Removes a member, forgets its status (a later join starts from Pending) and what was confirmed
   * of its credentials; what it confirmed as a recipient goes with {@link #withoutRecipient}. The
   * primaries that had confirmed its credential confirm again: their digest no longer stands for
   * what the hub holds of them.
   */
  public MeshRegistry withoutMember(String clusterName) {
    TreePMap<String, String> digests =
        tree(confirmedDigests).minusAll(appliedBy(clusterName).keySet());
    MeshRegistry without = withoutRecipient(clusterName);
    Member member = members.get(clusterName);
    SortedMap<String, SortedMap<String, Member>> index =
        member == null ? membersByMesh : without(tree(membersByMesh), member.meshId(), clusterName);
    return new MeshRegistry(
        meshes,
        meshRecords,
        credentials,
        remove(without.appliedBy, clusterName),
        remove(digests, clusterName),
        remove(members, clusterName),
        remove(observed, clusterName),
        revisionsBefore,
        epoch,
        index);
  }

  public MeshRegistry withObserved(String clusterName, ObservedCluster cluster) {
    return withObserved(Map.of(clusterName, cluster));
  }

  /**
   * Puts what was observed of the given clusters at once (one copy of the observed clusters,
   * whatever their number: a batch of reports, or a rebuild, costs one copy, not one per report).
   */
  public MeshRegistry withObserved(Map<String, ObservedCluster> changed) {
    if (changed.isEmpty()) {
      return this;
    }
    TreePMap<String, ObservedCluster> copy = tree(observed).plusAll(changed);
    return new MeshRegistry(
        meshes,
        meshRecords,
        credentials,
        appliedBy,
        confirmedDigests,
        members,
        copy,
        revisionsBefore,
        epoch,
        membersByMesh);
  }

  /** Sets (or, with null, removes) what one primary confirmed of one sender's credential. */
  private static TreePMap<String, SortedMap<String, String>> set(
      TreePMap<String, SortedMap<String, String>> applied,
      String sender,
      String primary,
      String credentialId) {
    SortedMap<String, String> current = applied.getOrDefault(sender, TreePMap.empty());
    if (Objects.equals(current.get(primary), credentialId)) {
      return applied;
    }
    TreePMap<String, String> next =
        credentialId == null
            ? tree(current).minus(primary)
            : tree(current).plus(primary, credentialId);
    return next.isEmpty() ? applied.minus(sender) : applied.plus(sender, next);
  }

  /** The index without one member of one mesh; a mesh left without members leaves it. */
  private static TreePMap<String, SortedMap<String, Member>> without(
      TreePMap<String, SortedMap<String, Member>> index, String meshId, String clusterName) {
    TreePMap<String, Member> mesh =
        tree(index.getOrDefault(meshId, TreePMap.empty())).minus(clusterName);
    return mesh.isEmpty() ? index.minus(meshId) : index.plus(meshId, mesh);
  }

  private static SortedMap<String, SortedMap<String, Member>> byMesh(Map<String, Member> members) {
    TreePMap<String, SortedMap<String, Member>> index = TreePMap.empty();
    for (Member m : members.values()) {
      index =
          index.plus(
              m.meshId(),
              tree(index.getOrDefault(m.meshId(), TreePMap.empty())).plus(m.clusterName(), m));
    }
    return index;
  }

  private static <V> SortedMap<String, V> put(Map<String, V> in, String key, V value) {
    return tree(in).plus(key, value);
  }

  private static <V> SortedMap<String, V> remove(Map<String, V> in, String key) {
    return tree(in).minus(key);
  }

  /**
   * A persistent sorted map (a change shares all but O(log n) of it with the map it came from) of
   * what {@code in} holds: itself when it is one already. Every map of a registry is one, so a
   * change of one member costs O(log n), not a copy of every member.
   */
  @SuppressWarnings("unchecked")
  private static <V> TreePMap<String, V> tree(Map<String, ? extends V> in) {
    if (in instanceof TreePMap<?, ?> t && t.comparator() == NATURAL_ORDER) {
      return (TreePMap<String, V>) t;
    }
    return TreePMap.from(in);
  }

  private static <V> SortedMap<String, V> frozen(Map<String, V> in) {
    return in == null ? TreePMap.empty() : tree(in);
  }
}
