package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Decides one write the way an API server would, in its order: decode (the object as it would be
 * stored: body, or stored object with the patch applied; pruning of a custom resource's unknown
 * fields, refused instead with {@code fieldValidation=Strict}), path and body agree, namespace
 * lifecycle (a create into a missing namespace is 404, into a terminating one 403), defaults,
 * status subresource (a write to the object keeps the stored status, a write to {@code /status}
 * changes nothing else), validation (422), validating webhooks (400). What it admits goes to the
 * store, rewritten where the store would otherwise keep something else than the API server would.
 */
final class Admission {

  /** What becomes of a write. */
  sealed interface Decision permits Refuse, Forward {}

  /** The write is refused with this answer; nothing reaches the store. */
  record Refuse(MockResponse response) implements Decision {}

  /**
   * The write goes to the store as this request.
   *
   * @param warnings the API server's warnings (e.g. {@code unknown field "spec.foo"})
   */
  record Forward(RecordedRequest request, List<String> warnings) implements Decision {}

  private final KindRegistry kinds;
  private final Function<String, ObjectNode> store;

  /**
   * @param store reads a stored object by its path, null when there is none
   */
  Admission(KindRegistry kinds, Function<String, ObjectNode> store) {
    this.kinds = kinds;
    this.store = store;
  }

  Decision admit(WriteRequest write) {
    ResourcePath path = write.path();
    ResourceKind kind = kinds.lookup(path);
    ObjectNode current = write.create() ? null : store.apply(path.objectPath());
    if (path.status() && kind.known() && !kind.statusSubresource()) {
      return new Refuse(InvalidResponse.noSuchResource());
    }
    if (!write.create() && current == null) {
      return new Forward(write.original(), List.of()); // the store answers 404
    }
    try {
      return decide(write, kind, current);
    } catch (PatchApplier.PatchException e) {
      return new Refuse(e.response());
    } catch (Json.DecodeException e) {
      String k = kind.known() ? kind.kind() : path.plural();
      return new Refuse(
          InvalidResponse.badRequest(
              k
                  + " in version \""
                  + path.version()
                  + "\" cannot be handled as a "
                  + k
                  + ": "
                  + e.getMessage()));
    }
  }

  private Decision decide(WriteRequest write, ResourceKind kind, ObjectNode current) {
    ResourcePath path = write.path();
    ObjectNode object;
    if (write.patch()) {
      object = PatchApplier.apply(current, write.body(), write.patchType());
    } else {
      JsonNode body = PatchApplier.parse(write.body());
      if (body == null || !body.isObject()) {
        return new Refuse(
            InvalidResponse.badRequest(
                "couldn't get version/kind; json parse error: the body is not a JSON object"));
      }
      object = (ObjectNode) body;
    }
    String bodyKind = object.path("kind").asText("");
    MockResponse disagreement = pathDisagreement(path, kind, object, bodyKind);
    if (disagreement != null) {
      return new Refuse(disagreement);
    }
    ObjectNode meta = object.withObjectProperty("metadata");
    if (path.namespace() != null) {
      meta.put("namespace", path.namespace());
    }
    ObjectNode submitted = object.deepCopy();
    if (path.namespace() == null) {
      meta.remove("namespace"); // cluster-scoped: the API server clears it
    }
    List<String> warnings = new ArrayList<>();
    if (kind.custom()) {
      List<String> unknown = new ArrayList<>(SchemaValidator.prune(object, kind.schema()));
      unknown.sort(null);
      String fieldValidation = path.query().getOrDefault("fieldValidation", "Warn");
      if (!unknown.isEmpty() && fieldValidation.equals("Strict")) {
        return new Refuse(
            InvalidResponse.badRequest("strict decoding error: " + unknownFields(unknown)));
      }
      if (!fieldValidation.equals("Ignore")) {
        unknown.forEach(u -> warnings.add("unknown field \"" + u + "\""));
      }
    }
    if (write.create() && path.namespace() != null && !kind.plural().equals("namespaces")) {
      MockResponse lifecycle = namespaceLifecycle(path, kind, meta);
      if (lifecycle != null) {
        return new Refuse(lifecycle);
      }
    }
    if (kind.custom()) {
      SchemaValidator.applyDefaults(object, kind.schema());
    }
    if ("Secret".equals(kind.kind()) && kind.group().isEmpty()) {
      CoreKindRules.foldStringData(object);
    }
    statusSubresource(write, kind, object, current);
    String name = meta.path("name").asText("");
    if (kind.custom()
        && write.method().equals("PUT")
        && meta.path("resourceVersion").asText("").isEmpty()) {
      FieldError rv =
          FieldError.invalid(
              FieldPath.of("metadata", "resourceVersion"), 0L, "must be specified for an update");
      return new Refuse(InvalidResponse.invalid(kind.group(), kind.plural(), name, List.of(rv)));
    }
    List<FieldError> errors = new ArrayList<>(ObjectMetaRules.validate(object, current, kind));
    if (!path.status()) {
      errors.addAll(kind.rules().validate(object, current));
    } else if (kind.custom()) {
      errors.addAll(SchemaValidator.validate(object, kind.schema()));
    }
    if (!errors.isEmpty()) {
      String kindName = kind.known() ? kind.kind() : bodyKind.isEmpty() ? path.plural() : bodyKind;
      return new Refuse(InvalidResponse.invalid(kind.group(), kindName, name, errors));
    }
    if (kind.webhook() != null && !path.status()) {
      List<String> reasons = kind.webhook().review(object);
      if (!reasons.isEmpty()) {
        return new Refuse(
            InvalidResponse.denied(kind.webhook().name(), kind.webhook().explain(reasons)));
      }
    }
    return new Forward(forwarded(write, object, submitted, current), warnings);
  }

  /**
   * The body is of the path's kind and, when it names a namespace, of the path's namespace; its
   * metadata is an object.
   */
  private static MockResponse pathDisagreement(
      ResourcePath path, ResourceKind kind, ObjectNode object, String bodyKind) {
    if (kind.known() && !bodyKind.isEmpty() && !bodyKind.equals(kind.kind())) {
      return InvalidResponse.badRequest(
          "the object provided is unrecognized (must be of type " + kind.kind() + "): " + bodyKind);
    }
    FieldPath at = FieldPath.of("metadata");
    JsonNode meta = Json.object(object.get("metadata"), at);
    String namespace =
        meta == null ? null : Json.text(meta.get("namespace"), at.child("namespace"));
    if (path.namespace() != null
        && namespace != null
        && !namespace.isEmpty()
        && !namespace.equals(path.namespace())) {
      return InvalidResponse.badRequest(
          "the namespace of the provided object does not match the namespace sent on the request");
    }
    return null;
  }

  /** NamespaceLifecycle: no new objects in a namespace that is missing or being deleted. */
  private MockResponse namespaceLifecycle(ResourcePath path, ResourceKind kind, ObjectNode meta) {
    ObjectNode namespace = store.apply("/api/v1/namespaces/" + path.namespace());
    if (namespace == null) {
      return InvalidResponse.notFound("", "namespaces", path.namespace());
    }
    if (!Json.absent(namespace.path("metadata").get("deletionTimestamp"))) {
      return InvalidResponse.forbidden(
          kind,
          meta.path("name").asText(meta.path("generateName").asText("")),
          "unable to create new content in namespace "
              + path.namespace()
              + " because it is being terminated",
          "NamespaceTerminating",
          "namespace " + path.namespace() + " is being terminated",
          "metadata.namespace");
    }
    return null;
  }

  /**
   * With a status subresource, a create stores no status, a write to the object keeps the stored
   * status and a write to {@code /status} keeps everything but the status.
   */
  private static void statusSubresource(
      WriteRequest write, ResourceKind kind, ObjectNode object, ObjectNode current) {
    if (!kind.statusSubresource()) {
      return;
    }
    if (write.create()) {
      object.remove("status");
    } else if (!write.path().status()) {
      copyField(current, object, "status");
    } else {
      JsonNode status = object.get("status");
      object.removeAll();
      object.setAll(current.deepCopy());
      if (status == null) {
        object.remove("status");
      } else {
        object.set("status", status);
      }
    }
  }

  private static void copyField(ObjectNode from, ObjectNode to, String field) {
    if (from.has(field)) {
      to.set(field, from.get(field).deepCopy());
    } else {
      to.remove(field);
    }
  }

  /**
   * The request for the store: unchanged when the store would keep what the API server keeps; else
   * with the admitted object (for a PATCH, as a JSON patch from the stored object). A status write
   * loses its query string, which would hide {@code /status} from the store.
   */
  private static RecordedRequest forwarded(
      WriteRequest write, ObjectNode object, ObjectNode submitted, ObjectNode current) {
    ResourcePath path = write.path();
    String target = path.status() ? path.withoutQuery() : write.original().getPath();
    boolean changed = !object.equals(submitted);
    if (write.patch()) {
      boolean storeDiffers =
          PatchApplier.MERGE.equals(write.patchType())
              && PatchApplier.storeMergesDifferently(
                  Objects.requireNonNull(PatchApplier.parse(write.body())));
      if (changed || storeDiffers) {
        return write.rewritten(
            target, PatchApplier.JSON_PATCH, PatchApplier.replacing(current, object).toString());
      }
    } else if (changed) {
      return write.rewritten(target, "application/json", object.toString());
    }
    return target.equals(write.original().getPath()) ? write.original() : write.onPath(target);
  }

  private static String unknownFields(List<String> unknown) {
    List<String> quoted = new ArrayList<>();
    unknown.forEach(u -> quoted.add("unknown field \"" + u + "\""));
    return String.join(", ", quoted);
  }
}
