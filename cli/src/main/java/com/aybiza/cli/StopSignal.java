package com.aybiza.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop in order, rather than as the JVM's shutdown. Left to the JVM, a
 * signal would run every shutdown hook at once (Flink's among them, which tear down the mini cluster), while the
 * local platform must first stop the traffic, let the jobs catch up and reconcile, and only then stop the jobs and
 * the services. A second Ctrl-C gives up waiting and exits (the shutdown hooks still stop what they own).
 */
final class StopSignal {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final Runnable onSecondSignal;

    private StopSignal(Runnable onSecondSignal) {
        this.onSecondSignal = onSecondSignal;
    }

    /** Handles SIGINT and SIGTERM from now on; {@code onSecondSignal} runs when one comes while stopping. */
    static StopSignal install(Runnable onSecondSignal) {
        StopSignal signal = new StopSignal(onSecondSignal);
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), s -> signal.received());
            } catch (IllegalArgumentException unsupported) {
                // No such signal on this platform: the JVM's default (shutdown hooks) stays.
            }
        }
        return signal;
    }

    private void received() {
        if (requested.getCount() == 0) {
            onSecondSignal.run();
        }
        requested.countDown();
    }

    /** Waits up to {@code timeout} for a stop request; true if one came. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean requested() {
        return requested.getCount() == 0;
    }
}
