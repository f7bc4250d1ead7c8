package io.meshfed.security.ca;

import io.meshfed.security.Names;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The names of the mesh's CAs, as Istio's certificate tooling for plug-in CAs writes them: the root
 * {@code O=Istio, CN=Root CA} (plus the mesh as {@code OU}), each cluster's intermediate {@code
 * O=Istio, CN=Intermediate CA, L=<cluster>} with the DNS name of istiod as its SAN.
 */
final class CaSubjects {

  /** The DNS subject alternative name Istio's tooling gives every intermediate. */
  static final String ISTIOD_DNS_NAME = "istiod.istio-system.svc";

  private CaSubjects() {}

  static X500Name root(String meshId) {
    Names.requireText(meshId, "meshId");
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Istio")
        .addRDN(BCStyle.OU, meshId)
        .addRDN(BCStyle.CN, "Root CA")
        .build();
  }

  static X500Name intermediate(String clusterName) {
    Names.requireClusterName(clusterName, "clusterName");
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "Istio")
        .addRDN(BCStyle.CN, "Intermediate CA")
        .addRDN(BCStyle.L, clusterName)
        .build();
  }

  /** The cluster an intermediate's subject names ({@code L}), if it names exactly one. */
  static Optional<String> clusterOf(X500Name subject) {
    RDN[] localities = subject.getRDNs(BCStyle.L);
    if (localities.length != 1 || localities[0].isMultiValued()) {
      return Optional.empty();
    }
    return Optional.of(IETFUtils.valueToString(localities[0].getFirst().getValue()));
  }
}
