package com.aybiza.deploy;

import com.aybiza.embedded.internal.ParentWatchdog;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The classpath of the cluster's JVMs: what a Flink distribution's {@code lib/} holds (Flink, its dashboard, RocksDB,
 * logging and the libraries Flink itself links against), taken from this test JVM's classpath. Left out are the
 * project's own modules and the job's libraries that the jobs jar bundles (connectors, Avro, Kafka and AWS clients,
 * pgJDBC, Jackson, Netty): on a real cluster those come from the submitted jar alone. A copy on the cluster's classpath
 * would hide a class the jar lacks, and break class identity: a connector's classes (org.apache.flink.*) always load
 * parent-first, so they would see the cluster's Kafka client while the job's code sees the jar's.
 */
final class ClusterClasspath {

    /**
     * Libraries of the job rather than of Flink, by their Maven path: those the jar bundles stay out of lib/. Flink's
     * own connectors that flink-dist carries (flink-connector-base, -datagen, -files) are not among them:
     * flink-streaming-java links against datagen, and the Kafka connector expects base from the cluster.
     */
    private static final List<String> JOB_LIBRARIES = List.of("/org/apache/flink/flink-avro/",
            "/org/apache/flink/flink-connector-kafka/", "/org/apache/flink/flink-connector-dynamodb/",
            "/org/apache/flink/flink-connector-aws", "/org/apache/flink/flink-connector-jdbc", "/org/apache/avro/",
            "/org/apache/kafka/", "/software/amazon/", "/org/postgresql/", "/io/netty/", "/com/fasterxml/jackson/");

    private ClusterClasspath() {
    }

    static String of(Path jobsJar) {
        Set<String> bundled = classesIn(jobsJar);
        Path watchdog = location(ParentWatchdog.class);
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (path.equals(watchdog)) {
                kept.add(entry); // the children's entry point, see FlinkProcess
            } else if (Files.isRegularFile(path) && entry.endsWith(".jar") && !isProjectModule(path)
                    && !(isJobLibrary(path) && bundled.contains(firstClass(path)))) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    private static boolean isProjectModule(Path jar) {
        return jar.getFileName().toString().startsWith("aybiza-");
    }

    private static boolean isJobLibrary(Path jar) {
        String path = jar.toString().replace(File.separatorChar, '/');
        return JOB_LIBRARIES.stream().anyMatch(path::contains);
    }

    private static Set<String> classesIn(Path jar) {
        Set<String> classes = new HashSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).forEach(classes::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the jobs jar " + jar, e);
        }
        return classes;
    }

    /** The jar's first class outside META-INF (multi-release copies and module-info say nothing about the jar). */
    private static String firstClass(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                    return name;
                }
            }
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
