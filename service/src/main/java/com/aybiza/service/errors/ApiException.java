package com.aybiza.service.errors;

import java.util.Map;

/**
 * A refusal with its HTTP status, a short machine-readable code, and a message for the caller; {@code field} names
 * the request field at fault where there is one. Its message is shown to the client as it is: never put SQL or
 * database text into one.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String field;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String message, String field, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        // A field name is echoed only if it is a plain identifier: a client's text is never reflected.
        this.field = field != null && field.matches("[A-Za-z0-9_]{1,63}") ? field : null;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badField(String field, String message) {
        return new ApiException(400, "invalid_field", message, field, Map.of());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message, null, Map.of());
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message, null, Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message, null, Map.of());
    }

    /** The answer for a row that does not exist and for one that belongs to someone else alike. */
    public static ApiException notFound() {
        return new ApiException(404, "not_found", "no such row", null, Map.of());
    }

    public static ApiException conflict(String code, String message, String field) {
        return new ApiException(409, code, message, field, Map.of());
    }

    public static ApiException unprocessable(String message, String field) {
        return new ApiException(422, "constraint_violated", message, field, Map.of());
    }

    public static ApiException tooManyRequests(long retryAfterSeconds) {
        return new ApiException(429, "rate_limited", "rate limit exceeded; retry after " + retryAfterSeconds + " s",
                null, Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
