package com.aybiza.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoints and savepoints kept under a state directory: Flink's retained checkpoints
 * ({@code checkpoints/<job id>/chk-<n>/_metadata}) and savepoints taken into {@code savepoints/}
 * ({@code savepoints/savepoint-.../_metadata}). One is complete once its {@code _metadata} exists: a checkpoint that a
 * {@code kill -9} interrupted has none and is never chosen.
 */
final class RetainedCheckpoints {

    private final Path checkpoints;
    private final Path savepoints;

    RetainedCheckpoints(Path stateDir) {
        this.checkpoints = stateDir.resolve("checkpoints");
        this.savepoints = stateDir.resolve("savepoints");
    }

    Path directory() {
        return checkpoints;
    }

    Path savepointDirectory() {
        return savepoints;
    }

    /** The newest complete checkpoint or savepoint, if any. */
    Optional<Path> latest() {
        List<Path> complete = new ArrayList<>(savepointsIn(savepoints));
        for (Path job : list(checkpoints)) {
            if (Files.isDirectory(job)) {
                list(job).stream().filter(p -> p.getFileName().toString().matches("chk-\\d+"))
                        .filter(p -> Files.isRegularFile(p.resolve("_metadata"))).forEach(complete::add);
            }
        }
        return complete.stream().max(Comparator.comparing(RetainedCheckpoints::completedAt));
    }

    private static List<Path> savepointsIn(Path dir) {
        return list(dir).stream().filter(p -> p.getFileName().toString().startsWith("savepoint-"))
                .filter(p -> Files.isRegularFile(p.resolve("_metadata"))).toList();
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    private static FileTime completedAt(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve("_metadata"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
