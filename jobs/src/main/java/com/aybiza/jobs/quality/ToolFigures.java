package com.aybiza.jobs.quality;

import java.util.Objects;

/** One tool's finished executions in an agent's day: how many, how many failed, and their summed duration. */
public class ToolFigures {

    public long executions;
    public long failed;
    public long durationMsSum;
    public long timedExecutions;

    public ToolFigures() {
    }

    void add(ToolFigures other) {
        executions += other.executions;
        failed += other.failed;
        durationMsSum += other.durationMsSum;
        timedExecutions += other.timedExecutions;
    }

    ToolFigures copy() {
        ToolFigures copy = new ToolFigures();
        copy.add(this);
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolFigures t && executions == t.executions && failed == t.failed
                && durationMsSum == t.durationMsSum && timedExecutions == t.timedExecutions;
    }

    @Override
    public int hashCode() {
        return Objects.hash(executions, failed, durationMsSum, timedExecutions);
    }

    @Override
    public String toString() {
        return executions + " executions, " + failed + " failed";
    }
}
