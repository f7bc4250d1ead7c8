package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A validating admission webhook a real cluster runs for a kind (such as istiod's {@code
 * validation.istio.io}): it sees the object after the API server's own validation passed and denies
 * it with messages that the API server answers as 400.
 */
interface AdmissionWebhook {

  /** The webhook's name, as the API server quotes it in a denial. */
  String name();

  /** The reasons to deny the object, none to admit it. */
  List<String> review(ObjectNode object);

  /** The denial's message after {@code admission webhook "<name>" denied the request: }. */
  String explain(List<String> reasons);
}
