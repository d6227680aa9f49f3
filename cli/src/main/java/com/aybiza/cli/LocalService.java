package com.aybiza.cli;

import java.util.concurrent.CountDownLatch;

/** How `kafka` and `dynamodb` run: the service stays up until Ctrl-C (or SIGTERM), then closes before the JVM exits. */
final class LocalService {

    private LocalService() {
    }

    static void runUntilInterrupted(AutoCloseable service, String name) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                System.err.println(name + ": error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }, name + "-shutdown"));
        stopped.await();
    }
}
