package io.meshfed.sandbox.cluster.validation;

/**
 * A field's place in an object as API servers print it: {@code spec.ports[0].name}, {@code
 * data[tls.crt]}. The root of an object has no path and prints as {@code <nil>}, as the CEL rules
 * of a custom resource's root do (k8s.io/apimachinery/pkg/util/validation/field/path.go).
 */
final class FieldPath {

  static final FieldPath ROOT = new FieldPath(null);

  private final String text;

  private FieldPath(String text) {
    this.text = text;
  }

  static FieldPath of(String first, String... more) {
    FieldPath path = ROOT.child(first);
    for (String name : more) {
      path = path.child(name);
    }
    return path;
  }

  FieldPath child(String name) {
    return new FieldPath(text == null ? name : text + "." + name);
  }

  FieldPath index(int i) {
    return new FieldPath(orEmpty() + "[" + i + "]");
  }

  FieldPath key(String key) {
    return new FieldPath(orEmpty() + "[" + key + "]");
  }

  private String orEmpty() {
    return text == null ? "" : text;
  }

  @Override
  public String toString() {
    return text == null ? "<nil>" : text;
  }
}
