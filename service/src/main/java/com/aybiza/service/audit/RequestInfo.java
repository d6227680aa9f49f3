package com.aybiza.service.audit;

import java.util.UUID;

/** Where a request came from and what it asked, for the audit and access logs. */
public record RequestInfo(UUID requestId, String method, String endpoint, String clientAddress, String userAgent,
                          int requestBytes, String bodySha256, long startNanos) {
}
