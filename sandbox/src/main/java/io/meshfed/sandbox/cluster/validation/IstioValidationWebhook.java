package io.meshfed.sandbox.cluster.validation;

import java.util.List;

/**
 * istiod's validating webhook ({@code validation.istio.io}), which a cluster with Istio installed
 * runs on every write of Istio's configuration kinds. It denies with "configuration is invalid:"
 * and the reasons, one, or several as Go's multierror lists them; the API server answers the denial
 * with 400 (k8s.io/apiserver/pkg/admission/plugin/webhook/errors/statuserror.go). The rules per
 * kind are in {@link IstioGatewayWebhook} and {@link IstioVirtualServiceWebhook}.
 */
abstract class IstioValidationWebhook implements AdmissionWebhook {

  static final String NAME = "validation.istio.io";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String explain(List<String> reasons) {
    if (reasons.size() == 1) {
      return "configuration is invalid: " + reasons.get(0);
    }
    StringBuilder b =
        new StringBuilder("configuration is invalid: ")
            .append(reasons.size())
            .append(" errors occurred:");
    reasons.forEach(r -> b.append("\n\t* ").append(r));
    return b.append("\n\n").toString();
  }
}
