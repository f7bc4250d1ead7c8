package io.meshfed.agent.model;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.TreeMap;

/**
 * {@code istio-system/istio-reader-service-account}, whose tokens peers' istiod use to read this
 * cluster. Istio's installation creates it; meshfed makes it only where it is still missing once
 * Istio is Ready.
 */
public final class ReaderAccountRenderer {

  public static final String NAME = "istio-reader-service-account";

  private ReaderAccountRenderer() {}

  public static ServiceAccount render(MemberTopology topology) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(IstioNames.ISTIO_SYSTEM)
        .withLabels(new TreeMap<>(topology.ownedLabels()))
        .endMetadata()
        .build();
  }
}
