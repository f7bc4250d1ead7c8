package io.meshfed.sandbox.cluster.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Optional;

/**
 * Makes a Fabric8 mock API server refuse what a real one refuses. Every write (POST to a
 * collection; PUT, JSON merge PATCH and JSON PATCH of an object or of its {@code /status}) is
 * turned into the object as it would be stored and checked with the API server's own rules: object
 * metadata, the fields of the built-in kinds meshfed writes, the structural schemas and CEL rules
 * of the Sail operator's {@code Istio} and {@code IstioCNI} and of Istio's {@code Gateway} and
 * {@code VirtualService}, istiod's validating webhook, the namespace lifecycle. A refused write is
 * answered like the real server answers it (422 Invalid with a {@code Status} naming each field,
 * 404 for a missing namespace, 400 for a webhook's denial or an undecodable body) and never reaches
 * the store; an admitted one goes to {@code delegate}, unchanged, or rewritten where the store
 * would otherwise keep something else than a real server (pruned unknown fields, defaults, an RFC
 * 7386 merge the store would do otherwise, a status the write must not change).
 *
 * <p>Reads, watches, deletes, other subresources, strategic merge and apply patches and protobuf
 * bodies go to {@code delegate} untouched. The query parameters {@code dryRun} and {@code
 * fieldManager} pass through; {@code fieldValidation=Strict} refuses unknown fields (400) instead
 * of pruning them. Writes are decided one at a time, so that the stored object a decision reads is
 * still the stored one when the store applies the write.
 *
 * <p>Wiring: wrap the whole chain, outermost, e.g. {@code new KubernetesMockServer(context, web,
 * responses, new ValidatingDispatcher(kubectlCompatibleDispatcher, store), true)}, where {@code
 * store} is the {@link KubernetesCrudDispatcher} the chain ends in.
 */
public final class ValidatingDispatcher extends Dispatcher {

  private final Dispatcher delegate;
  private final Admission admission;
  private final Object writes = new Object();

  /**
   * @param delegate what answers the requests this dispatcher does not refuse
   * @param store the CRUD store behind {@code delegate}, read for the stored objects and namespaces
   */
  public ValidatingDispatcher(Dispatcher delegate, KubernetesCrudDispatcher store) {
    this.delegate = delegate;
    this.admission = new Admission(KindRegistry.standard(), path -> stored(store, path));
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    Optional<WriteRequest> write = WriteRequest.of(request);
    if (write.isEmpty()) {
      return delegate.dispatch(request);
    }
    synchronized (writes) {
      Admission.Decision decision = admission.admit(write.get());
      if (decision instanceof Admission.Refuse refuse) {
        return refuse.response();
      }
      Admission.Forward forward = (Admission.Forward) decision;
      MockResponse response = delegate.dispatch(forward.request());
      if (response != null) {
        forward
            .warnings()
            .forEach(
                w -> response.addHeader("Warning", "299 - \"" + w.replace("\"", "\\\"") + "\""));
      }
      return response;
    }
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  private static ObjectNode stored(KubernetesCrudDispatcher store, String path) {
    MockResponse response = store.handleGet(path);
    if (response.code() != 200 || response.getBody() == null) {
      return null;
    }
    JsonNode node = PatchApplier.parse(response.getBody().getBytes());
    return node != null && node.isObject() ? (ObjectNode) node : null;
  }
}
