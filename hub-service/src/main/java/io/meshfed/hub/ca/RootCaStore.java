package io.meshfed.hub.ca;

import io.meshfed.security.ca.MeshRootCa;
import java.util.Optional;

/**
 * Where the hub keeps each mesh's root CA, private key included. Never on Kafka: the log holds only
 * the root certificate (in desired records).
 */
public interface RootCaStore {

  /**
   * The stored root of a mesh.
   *
   * @throws IllegalStateException if a root is stored but cannot be read
   */
  Optional<MeshRootCa> load(String meshId);

  /**
   * Stores the root of a mesh that has none.
   *
   * @throws IllegalStateException if the mesh already has a root, or it cannot be written
   */
  void save(String meshId, MeshRootCa root);
}
