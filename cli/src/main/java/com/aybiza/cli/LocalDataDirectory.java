package com.aybiza.cli;

import com.aybiza.embedded.internal.WorkDirs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The folder bin/aybiza local keeps everything in (PostgreSQL's data, the broker's log, the DynamoDB tables, the
 * jobs' checkpoints, the ledgers), so that a second run resumes where the first stopped. A marker file says which
 * layout wrote it: PostgreSQL refuses a data directory of another major version, and checkpoints need the same job
 * graph, so a folder of another layout is refused with a message rather than half-used. A lock keeps two runs out of
 * one folder.
 */
final class LocalDataDirectory implements AutoCloseable {

    /** Bumped whenever what a run leaves behind could not be resumed by the code that reads it. */
    static final String LAYOUT = "1";
    static final String POSTGRES_MAJOR = "17";
    static final String MARKER = "aybiza-local.properties";

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private LocalDataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (creating if needed) and locks the folder, or says in one line why it cannot be used. */
    static LocalDataDirectory open(Path root) throws IOException {
        Path marker = root.resolve(MARKER);
        if (Files.isDirectory(root) && !Files.exists(marker) && !isEmpty(root)) {
            throw new IllegalStateException(root + " is not empty and was not written by bin/aybiza local (no "
                    + MARKER + "); choose another --data-dir, or empty it");
        }
        if (Files.exists(marker)) {
            Properties found = read(marker);
            if (!LAYOUT.equals(found.getProperty("layout"))
                    || !POSTGRES_MAJOR.equals(found.getProperty("postgres.major"))) {
                throw new IllegalStateException(root + " holds the data of another version of bin/aybiza local "
                        + "(layout " + found.getProperty("layout") + ", PostgreSQL " + found.getProperty("postgres.major")
                        + "; this one needs layout " + LAYOUT + ", PostgreSQL " + POSTGRES_MAJOR + "); run with "
                        + "another --data-dir, or delete that folder to start afresh");
            }
        }
        Files.createDirectories(root);
        FileChannel channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException(root + " is in use by another bin/aybiza local; stop it first, or "
                    + "choose another --data-dir");
        }
        if (!Files.exists(marker)) {
            Properties props = new Properties();
            props.setProperty("layout", LAYOUT);
            props.setProperty("postgres.major", POSTGRES_MAJOR);
            try (OutputStream out = Files.newOutputStream(marker)) {
                props.store(out, "written by bin/aybiza local; a different layout is refused, not resumed");
            }
        }
        return new LocalDataDirectory(root, channel, lock);
    }

    Path root() {
        return root;
    }

    Path postgres() {
        return root.resolve("postgres");
    }

    Path kafka() {
        return root.resolve("kafka");
    }

    Path dynamodb() {
        return root.resolve("dynamodb");
    }

    Path jobs() {
        return root.resolve("jobs");
    }

    Path ledgers() {
        return root.resolve("ledgers");
    }

    /** Releases the folder; with {@code delete}, removes it and everything in it too (--clean). */
    void close(boolean delete) throws IOException {
        close();
        if (delete) {
            WorkDirs.deleteRecursively(root);
        }
    }

    @Override
    public void close() throws IOException {
        if (lock.isValid()) {
            lock.release();
        }
        lockChannel.close();
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static Properties read(Path marker) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(marker)) {
            props.load(in);
        }
        return props;
    }
}
