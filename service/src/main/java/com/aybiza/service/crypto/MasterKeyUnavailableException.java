package com.aybiza.service.crypto;

/**
 * The master key could not wrap or unwrap a data key: KMS unreachable, access denied, the key disabled. The request
 * that needed it answers 503; the message goes to the service's log, never to the client.
 */
public final class MasterKeyUnavailableException extends RuntimeException {

    public MasterKeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
