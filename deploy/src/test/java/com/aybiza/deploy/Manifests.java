package com.aybiza.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The YAML manifests under deploy/, parsed: every document of every file, as plain maps and lists. snakeyaml-engine
 * (YAML 1.2) is the parser Flink itself reads its config.yaml with, so it is on the classpath already.
 */
final class Manifests {

    /** deploy/, the module's own directory: where Maven runs its tests. */
    static final Path DEPLOY = Path.of("").toAbsolutePath();

    private Manifests() {
    }

    /** Every .yaml/.yml file under deploy/ except build output. */
    static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            return files.filter(p -> !DEPLOY.relativize(p).startsWith("target"))
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of one file; a document that is not a mapping (an empty one, say) is left out. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(Path file) {
        Load load = new Load(LoadSettings.builder().setLabel(file.toString()).build());
        List<Map<String, Object>> documents = new ArrayList<>();
        try {
            for (Object document : load.loadAllFromString(Files.readString(file))) {
                if (document instanceof Map<?, ?> map) {
                    documents.add((Map<String, Object>) map);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /** Every document of {@code kind} in the files under {@code folder} of deploy/. */
    static List<Map<String, Object>> ofKind(String folder, String kind) {
        return yamlFiles().stream().filter(p -> DEPLOY.relativize(p).startsWith(folder))
                .flatMap(p -> documents(p).stream())
                .filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** The value at a dotted path of nested maps ({@code spec.job.args}); null where a step is missing. */
    static Object at(Map<String, Object> document, String path) {
        Object node = document;
        for (String step : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(step);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> document, String path) {
        Object value = at(document, path);
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError(path + " is not a mapping in " + document.get("kind"));
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
