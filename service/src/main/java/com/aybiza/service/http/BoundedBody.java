package com.aybiza.service.http;

import com.aybiza.service.errors.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reads a request body up to the configured limit and no further, whether or not the client sent a
 * Content-Length (a chunked body is cut off as soon as it passes the limit).
 */
final class BoundedBody {

    private BoundedBody() {
    }

    static byte[] read(InputStream in, long declaredLength, long limit) throws IOException {
        if (declaredLength > limit) {
            throw tooLarge(limit);
        }
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw tooLarge(limit);
        }
        return bytes;
    }

    private static ApiException tooLarge(long limit) {
        return new ApiException(413, "body_too_large", "the request body is over the limit of " + limit + " bytes",
                null, Map.of());
    }
}
