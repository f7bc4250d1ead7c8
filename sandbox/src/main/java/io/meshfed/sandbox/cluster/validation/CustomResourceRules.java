package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A custom resource's checks: its structural schema, then its CEL rules (x-kubernetes-validations),
 * which the API server skips, saying so, when the schema already found a wrong type, an unsupported
 * value, a missing required field or a value too long or a list too long
 * (k8s.io/apiextensions-apiserver/pkg/registry/customresource/strategy.go, Validate and
 * ValidateUpdate).
 */
final class CustomResourceRules implements KindRules {

  /** One CEL rule of the CRD, written in Java: adds its errors when the rule does not hold. */
  @FunctionalInterface
  interface CelRule {
    /**
     * @param old the stored object on an update (for transition rules), null on a create
     */
    void check(ObjectNode object, ObjectNode old, List<FieldError> errs);
  }

  private final CrdSchema schema;
  private final List<CelRule> rules;

  CustomResourceRules(CrdSchema schema, List<CelRule> rules) {
    this.schema = schema;
    this.rules = List.copyOf(rules);
  }

  @Override
  public List<FieldError> validate(ObjectNode object, ObjectNode old) {
    List<FieldError> errs = new ArrayList<>(SchemaValidator.validate(object, schema));
    boolean blocking =
        errs.stream()
            .anyMatch(
                e ->
                    switch (e.type()) {
                      case TYPE_INVALID, NOT_SUPPORTED, REQUIRED, TOO_LONG, TOO_MANY -> true;
                      default -> false;
                    });
    if (blocking) {
      errs.add(
          FieldError.invalid(
              FieldPath.ROOT,
              "null",
              "some validation rules were not checked because the object was invalid; correct the"
                  + " existing errors to complete validation"));
    } else {
      rules.forEach(rule -> rule.check(object, old, errs));
    }
    return errs;
  }

  /** A CEL rule's failure: the value shown is the schema type of the node, as CEL errors show. */
  static FieldError failed(FieldPath at, String schemaType, String message) {
    return FieldError.invalid(at, schemaType, message);
  }
}
