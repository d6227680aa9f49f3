package com.aybiza.cli;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A service endpoint as operators write it, http://HOST:PORT or https://HOST[:PORT], checked when the command line is
 * read: a bare "host:port" or a typo otherwise reaches the AWS SDK after services have started, which answers with a
 * message about its own internals.
 */
final class EndpointConverter implements ITypeConverter<URI> {

    @Override
    public URI convert(String value) {
        try {
            URI uri = new URI(value.trim());
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException notAUri) {
            // answered below, in the operator's terms
        }
        throw new TypeConversionException("'" + value + "' is not an endpoint; write http://HOST:PORT, e.g. "
                + "http://127.0.0.1:8000");
    }
}
