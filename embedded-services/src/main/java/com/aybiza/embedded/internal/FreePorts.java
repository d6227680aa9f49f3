package com.aybiza.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports free on 127.0.0.1 right now. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * Whether {@code port} can be listened on at 127.0.0.1 now. A listener on the port (on 127.0.0.1 or on every
     * address) makes the bind fail, SO_REUSEADDR or not, so another program's server is seen here.
     */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with one line a user can act on when {@code port} is taken; {@code option} is how they chose it. */
    public static void requireFree(int port, String option) {
        if (!isFree(port)) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is taken by another program; stop it, or "
                    + "choose another port with " + option);
        }
    }

    /**
     * Holds all the sockets open until every port is chosen, so the same call never returns one port twice.
     * Another process may still take a port before the broker binds it; the broker then fails to start and says so.
     */
    public static int[] take(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket that never accepted cannot lose anything
                }
            }
        }
    }
}
