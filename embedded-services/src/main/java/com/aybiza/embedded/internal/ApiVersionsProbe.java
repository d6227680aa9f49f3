package com.aybiza.embedded.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Asks a broker port for its API versions with one hand-made request, quietly.
 *
 * <p>Why not just connect, or ask the AdminClient at once: a KRaft broker binds its client port early but serves
 * it only once it has caught up with the controller; in between, every AdminClient attempt logs a WARN
 * ("Connection to node -1 could not be established"), several per start. This probe logs nothing.
 */
public final class ApiVersionsProbe {

    private static final short API_VERSIONS = 18;
    private static final int CORRELATION_ID = 1;
    private static final byte[] CLIENT_ID = "aybiza-embedded-probe".getBytes(StandardCharsets.UTF_8);

    private ApiVersionsProbe() {
    }

    /** True once the broker on 127.0.0.1:{@code port} answers an ApiVersions v0 request. */
    public static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            // Request header v1 (api key, api version, correlation id, client id); the v0 body is empty.
            out.writeInt(2 + 2 + 4 + 2 + CLIENT_ID.length);
            out.writeShort(API_VERSIONS);
            out.writeShort(0);
            out.writeInt(CORRELATION_ID);
            out.writeShort(CLIENT_ID.length);
            out.write(CLIENT_ID);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            return in.readInt() > 0 && in.readInt() == CORRELATION_ID;
        } catch (IOException e) {
            return false;
        }
    }
}
