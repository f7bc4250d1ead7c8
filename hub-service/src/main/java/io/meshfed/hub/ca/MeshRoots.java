package io.meshfed.hub.ca;

import io.meshfed.hub.HubConfig;
import io.meshfed.security.ca.MeshRootCa;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The root CA of each mesh: the stored one; else, the first time it is needed, the one imported
 * from configured PEM files, or a new one. Either is stored at once, so the mesh keeps it across
 * restarts and configuration changes. A root, once stored, is never replaced.
 */
@ApplicationScoped
public class MeshRoots {

  private static final Logger LOG = Logger.getLogger(MeshRoots.class);

  private final RootCaStore store;
  private final HubConfig.Ca config;
  private final Clock clock;
  private final Map<String, MeshRootCa> roots = new ConcurrentHashMap<>();

  @Inject
  public MeshRoots(RootCaStore store, HubConfig config) {
    this(store, config.ca(), Clock.systemUTC());
  }

  public MeshRoots(RootCaStore store, HubConfig.Ca config, Clock clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
  }

  /**
   * The root of a mesh, made (imported or generated) and stored if it has none yet.
   *
   * @throws IllegalStateException if the store cannot be read or written, or an import is unusable
   */
  public synchronized MeshRootCa rootOf(String meshId) {
    MeshRootCa known = roots.get(meshId);
    if (known != null) {
      return known;
    }
    Optional<MeshRootCa> stored = store.load(meshId);
    MeshRootCa root;
    if (stored.isPresent()) {
      root = stored.get();
      warnIfImportDiffers(meshId, root);
    } else {
      root = imported(meshId).orElseGet(() -> generate(meshId));
      store.save(meshId, root);
    }
    roots.put(meshId, root);
    return root;
  }

  private MeshRootCa generate(String meshId) {
    MeshRootCa root = MeshRootCa.generate(meshId, config.keyType(), config.rootLifetime(), clock);
    LOG.infof("mesh %s: generated its root CA %s", meshId, root);
    return root;
  }

  private Optional<MeshRootCa> imported(String meshId) {
    HubConfig.ImportedRoot files = config.imports().get(meshId);
    if (files == null) {
      return Optional.empty();
    }
    try {
      MeshRootCa root =
          MeshRootCa.fromPem(
              Files.readString(files.certificate(), StandardCharsets.US_ASCII),
              Files.readString(files.key(), StandardCharsets.US_ASCII));
      LOG.infof("mesh %s: imported its root CA %s from %s", meshId, root, files.certificate());
      return Optional.of(root);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "mesh "
              + meshId
              + ": the root CA to import (meshfed.hub.ca.imports."
              + meshId
              + ") is unusable: "
              + e.getMessage(),
          e);
    }
  }

  private void warnIfImportDiffers(String meshId, MeshRootCa stored) {
    HubConfig.ImportedRoot files = config.imports().get(meshId);
    if (files == null) {
      return;
    }
    try {
      String configured = Files.readString(files.certificate(), StandardCharsets.US_ASCII);
      if (!MeshRootCa.fromPem(configured, Files.readString(files.key(), StandardCharsets.US_ASCII))
          .certificate()
          .equals(stored.certificate())) {
        LOG.warnf(
            "mesh %s: keeps its stored root CA %s; the import configured for it (%s) is another"
                + " root and is not used: a mesh's root is never replaced",
            meshId, stored, files.certificate());
      }
    } catch (IOException | IllegalArgumentException e) {
      LOG.warnf(
          "mesh %s: keeps its stored root CA %s; the import configured for it cannot be read: %s",
          meshId, stored, e.getMessage());
    }
  }
}
