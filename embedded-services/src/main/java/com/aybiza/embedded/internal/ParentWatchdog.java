package com.aybiza.embedded.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The entry point of every child JVM: runs the real main class, and ends the JVM once stdin reaches its end,
 * which happens when the parent process exits however it exits (the pipe's write end is closed by the kernel).
 */
public final class ParentWatchdog {

    private static final long HALT_AFTER_MS = 15_000;

    private ParentWatchdog() {
    }

    public static void main(String[] args) throws Throwable {
        Thread watch = new Thread(ParentWatchdog::exitWhenParentGone, "parent-watchdog");
        watch.setDaemon(true);
        watch.start();

        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitWhenParentGone() {
        try (InputStream in = System.in) {
            while (in.read() != -1) {
                // The parent never writes; any byte is ignored.
            }
        } catch (IOException ignored) {
            // A broken pipe means the same as end of stream.
        }
        // System.exit runs Kafka's shutdown hook (a clean shutdown); halt in case that hangs.
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_MS);
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            Runtime.getRuntime().halt(1);
        }, "parent-watchdog-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(1);
    }
}
