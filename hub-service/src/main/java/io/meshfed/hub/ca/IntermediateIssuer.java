package io.meshfed.hub.ca;

import io.meshfed.hub.HubConfig;
import io.meshfed.security.MaterialRejectedException;
import io.meshfed.security.ca.CsrSigner;
import io.meshfed.security.ca.IssuedIntermediate;
import io.meshfed.security.ca.RenewalPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/** Signs a member's intermediate CA request with its mesh's root. */
@ApplicationScoped
public class IntermediateIssuer {

  private final MeshRoots roots;
  private final HubConfig.Ca config;
  private final Clock clock;

  @Inject
  public IntermediateIssuer(MeshRoots roots, HubConfig config) {
    this(roots, config.ca(), Clock.systemUTC());
  }

  public IntermediateIssuer(MeshRoots roots, HubConfig.Ca config, Clock clock) {
    this.roots = roots;
    this.config = config;
    this.clock = clock;
  }

  /**
   * The intermediate for {@code clusterName}, signed by the root of {@code meshId}.
   *
   * @param clusterName the cluster the verified status record is for (its key)
   * @throws MaterialRejectedException if the request is refused, with the reason
   */
  public IssuedIntermediate issue(String meshId, String clusterName, String csrPem)
      throws MaterialRejectedException {
    return new CsrSigner(roots.rootOf(meshId), config.intermediateLifetime(), clock)
        .sign(clusterName, csrPem);
  }

  /** When a request for a new key is signed although the current intermediate is held. */
  public RenewalPolicy renewal() {
    return new RenewalPolicy(config.renewalFraction());
  }
}
