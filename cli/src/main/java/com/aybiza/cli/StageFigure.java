package com.aybiza.cli;

/** One stage's figure: how many rows (or events) in how many seconds. */
record StageFigure(String stage, long count, String unit, double seconds) {

    double perSecond() {
        return seconds > 0 ? count / seconds : 0;
    }

    static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
