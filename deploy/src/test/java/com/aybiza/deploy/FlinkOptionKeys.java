package com.aybiza.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;

/**
 * Every configuration key Flink defines, read from its own option classes: each public static {@link ConfigOption}
 * field of every {@code *Options} class in the jars of flink-core, flink-runtime, flink-clients and the RocksDB state
 * backend (the modules whose options a cluster of the jobs reads), with its deprecated and fallback keys. A key not in
 * this set is a typo or an option of another Flink version, which Flink would silently ignore.
 */
final class FlinkOptionKeys {

    /** Classes whose jars are searched: one class per Flink module. */
    private static final List<String> MODULES = List.of(
            "org.apache.flink.configuration.CoreOptions",
            "org.apache.flink.runtime.jobgraph.SavepointConfigOptions",
            "org.apache.flink.client.cli.ClientOptions",
            "org.apache.flink.contrib.streaming.state.RocksDBOptions");

    private FlinkOptionKeys() {
    }

    static Set<String> all() {
        Set<String> keys = new HashSet<>();
        for (String module : MODULES) {
            try (JarFile jar = new JarFile(jarOf(module).toFile())) {
                jar.stream().map(JarEntry::getName)
                        .filter(name -> name.startsWith("org/apache/flink/") && name.endsWith("Options.class"))
                        .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                        .forEach(className -> addKeys(className, keys));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keys;
    }

    private static void addKeys(String className, Set<String> keys) {
        Class<?> type;
        try {
            type = Class.forName(className, false, CoreOptions.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return; // a class needing a dependency the cluster does not have either (Hadoop, say)
        }
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                    keys.add(option.key());
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        keys.add(fallback.getKey());
                    }
                } catch (IllegalAccessException | LinkageError e) {
                    // not readable: not an option a user sets
                }
            }
        }
    }

    private static Path jarOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, CoreOptions.class.getClassLoader());
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("no Flink module with " + className + " on the test classpath", e);
        }
    }
}
