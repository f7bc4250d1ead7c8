package io.meshfed.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.meshfed.events.serde.EventJson;
import io.meshfed.hub.request.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads a request body strictly: an unknown field, an unknown enum value or a missing required
 * field is a 400 that names the field, never a silently dropped setting; a body over the hub's size
 * bound is a 413.
 */
public final class StrictBody {

  private StrictBody() {}

  /** The body could not be read; the rejection says why. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Rejection rejection;

    Invalid(Rejection rejection) {
      super(rejection.message());
      this.rejection = rejection;
    }

    public Rejection rejection() {
      return rejection;
    }
  }

  /**
   * Reads at most {@code maxBytes + 1} bytes of a body, however it is sent (with a Content-Length
   * or chunked), and refuses it as {@code TooLarge} (413) if it is longer than {@code maxBytes}.
   */
  public static <T> T read(InputStream body, int maxBytes, Class<T> type) throws Invalid {
    return read(bounded(body, maxBytes), type);
  }

  static byte[] bounded(InputStream body, int maxBytes) throws Invalid {
    if (body == null) {
      return new byte[0];
    }
    byte[] bytes;
    try {
      bytes = body.readNBytes((int) Math.min((long) maxBytes + 1, Integer.MAX_VALUE - 8));
    } catch (IOException e) {
      throw new Invalid(
          Rejection.invalid("BadBody", null, "the body could not be read: " + e.getMessage()));
    }
    if (bytes.length > maxBytes) {
      throw new Invalid(Rejection.tooLarge(-1, maxBytes));
    }
    return bytes;
  }

  public static <T> T read(byte[] body, Class<T> type) throws Invalid {
    if (body == null || body.length == 0) {
      throw new Invalid(Rejection.invalid("EmptyBody", null, "the request needs a JSON body"));
    }
    try {
      T value = EventJson.strictMapper().readValue(body, type);
      if (value == null) {
        throw new Invalid(Rejection.invalid("EmptyBody", null, "the request needs a JSON object"));
      }
      return value;
    } catch (IOException e) {
      throw new Invalid(describe(e));
    }
  }

  private static Rejection describe(IOException e) {
    if (!(e instanceof JsonMappingException m)) {
      String detail =
          e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      return Rejection.invalid("BadJson", null, "the body is not valid JSON: " + firstLine(detail));
    }
    String field = path(m);
    if (e instanceof UnrecognizedPropertyException u) {
      return Rejection.invalid(
          "UnknownField",
          field,
          "unknown field '" + field + "'; known fields: " + u.getKnownPropertyIds());
    }
    if (e instanceof InvalidFormatException f) {
      String allowed =
          f.getTargetType() != null && f.getTargetType().isEnum()
              ? "; one of " + Arrays.toString(f.getTargetType().getEnumConstants())
              : "";
      return Rejection.invalid(
          "InvalidValue",
          field,
          "field '" + field + "' has an invalid value '" + f.getValue() + "'" + allowed);
    }
    String original = m.getOriginalMessage();
    if (e instanceof MismatchedInputException && original.startsWith("Missing required")) {
      int start = original.indexOf('\'');
      int end = original.indexOf('\'', start + 1);
      String missing = start >= 0 && end > start ? original.substring(start + 1, end) : field;
      String full = field == null || field.equals(missing) ? missing : field + "." + missing;
      return Rejection.invalid("MissingField", full, "required field '" + full + "' is missing");
    }
    return Rejection.invalid(
        "InvalidValue",
        field,
        (field == null ? "the body" : "field '" + field + "'") + ": " + firstLine(original));
  }

  private static String path(JsonMappingException e) {
    if (e.getPath().isEmpty()) {
      return null;
    }
    String joined =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining());
    return joined.startsWith(".") ? joined.substring(1) : joined;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
