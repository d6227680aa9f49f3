package com.aybiza.deploy;

import static com.aybiza.deploy.Manifests.at;
import static com.aybiza.deploy.Manifests.list;
import static com.aybiza.deploy.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.aybiza.events.EventTopic;
import com.aybiza.jobs.JobArguments;
import com.aybiza.jobs.JobSettings;
import com.aybiza.jobs.PlatformJobs;
import com.aybiza.jobs.live.LiveTables;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * Holds the manifests under deploy/ to the code they deploy, as far as that can be checked without a Kubernetes
 * cluster, a Kafka cluster or AWS: every YAML file parses; the FlinkDeployment's jar path is where the Dockerfile puts
 * the jar, its entry class is in the shaded jobs jar with a main method, its arguments (with the ConfigMap's
 * environment) are accepted by the job's own parser, and every flinkConfiguration key is one of Flink's options; the
 * Strimzi topics are the contract's, with its retention and LogAppendTime; the CloudFormation tables are what
 * {@code bin/aybiza dynamodb init} creates; and no manifest holds a secret.
 */
class DeployManifestsTest {

    private static final Path JOBS_JAR = Manifests.DEPLOY.resolve("../jobs/target/aybiza-jobs.jar").normalize();
    private static final String KAFKA_PROPERTIES_MOUNT = "/opt/aybiza/kafka/client.properties";

    /** The environment variables JobArguments falls back to, and the options they stand for. */
    private static final Map<String, String> JOB_ENVIRONMENT = Map.of(
            "AYBIZA_BOOTSTRAP_SERVERS", "--bootstrap-servers",
            "AYBIZA_JDBC_URL", "--jdbc-url",
            "AYBIZA_DB_USER", "--user",
            "AYBIZA_DB_PASSWORD", "--password",
            "AYBIZA_DYNAMODB_ENDPOINT", "--dynamodb-endpoint");

    /** Read by the AWS SDK in the TaskManagers, not by the job's parser. */
    private static final Set<String> AWS_ENVIRONMENT = Set.of("AWS_REGION");

    /**
     * Options of the Prometheus reporter itself, set as metrics.reporter.NAME.KEY: flink-metrics-prometheus is in the
     * image's plugins/ but no dependency here, so its documented keys are listed instead of read from it.
     */
    private static final Set<String> PROMETHEUS_REPORTER_KEYS = Set.of("port", "filterLabelValueCharacters");

    @TempDir
    Path tmp;

    @Test
    void everyManifestParses() {
        List<Path> files = Manifests.yamlFiles();

        assertThat(files).extracting(p -> Manifests.DEPLOY.relativize(p).toString().replace('\\', '/'))
                .contains("kubernetes/flinkdeployment.yaml", "kafka/topics.yaml", "dynamodb/live-tables.yaml");
        files.forEach(file -> assertThat(Manifests.documents(file)).as(file.toString()).isNotEmpty());
    }

    @Test
    void theFlinkDeploymentRunsTheJobsJarsEntryClassInApplicationModeWithSavepointUpgrades() throws IOException {
        Map<String, Object> deployment = flinkDeployment();
        String jarUri = (String) at(deployment, "spec.job.jarURI");
        String entryClass = (String) at(deployment, "spec.job.entryClass");

        assertThat(entryClass).isEqualTo(PlatformJobs.class.getName());
        assertThat(jarUri).isEqualTo("local:///opt/flink/usrlib/aybiza-jobs.jar");
        assertThat(Files.readString(Manifests.DEPLOY.resolve("kubernetes/Dockerfile")))
                .containsPattern("(?m)^COPY .*jobs/target/aybiza-jobs\\.jar " + Pattern.quote(
                        jarUri.substring("local://".length())) + "$");
        assertThat(JOBS_JAR).as("the shaded jobs jar: build it with ./mvnw -B -pl jobs -am -DskipTests package")
                .exists();
        try (JarFile jar = new JarFile(JOBS_JAR.toFile())) {
            var entry = jar.getJarEntry(entryClass.replace('.', '/') + ".class");
            assertThat(entry).as(entryClass + " in " + JOBS_JAR).isNotNull();
            String bytes = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as("a main(String[]) in " + entryClass).contains("main")
                    .contains("([Ljava/lang/String;)V");
        }
        assertThat(at(deployment, "spec.job.upgradeMode")).isEqualTo("savepoint");
        assertThat(at(deployment, "spec.flinkVersion")).isEqualTo("v1_20");
        Map<String, Object> flink = map(deployment, "spec.flinkConfiguration");
        assertThat(flink.get("high-availability.type")).isEqualTo("kubernetes");
        assertThat(List.of("state.checkpoints.dir", "state.savepoints.dir", "high-availability.storageDir"))
                .allSatisfy(key -> assertThat((String) flink.get(key)).as(key).startsWith("s3://"));
        assertThat((String) flink.get("metrics.reporter.prom.factory.class")).contains("Prometheus");
    }

    @Test
    void theJobsOwnParserAcceptsTheDeploymentsArgumentsAndEnvironment() throws IOException {
        Map<String, Object> deployment = flinkDeployment();
        List<String> args = list(at(deployment, "spec.job.args")).stream().map(String::valueOf).toList();
        byte[] parser = jobArgumentsClassFromTheJar();
        // JobArguments reads any --name into a map and picks the ones it knows: an unknown name would pass silently.
        args.stream().filter(a -> a.startsWith("--")).forEach(name ->
                assertThat(contains(parser, name)).as(name + " is an option of JobArguments").isTrue());

        Path properties = Files.writeString(tmp.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
        List<String> command = new ArrayList<>(args.stream()
                .map(a -> a.equals(KAFKA_PROPERTIES_MOUNT) ? properties.toString() : a).toList());
        for (Map.Entry<String, String> variable : environment(deployment).entrySet()) {
            String option = JOB_ENVIRONMENT.get(variable.getKey());
            assertThat(option != null || AWS_ENVIRONMENT.contains(variable.getKey()))
                    .as(variable.getKey() + " is read by the job").isTrue();
            assertThat(contains(parser, variable.getKey()) || option == null).as(variable.getKey()).isTrue();
            if (option != null) {
                command.addAll(List.of(option, variable.getValue()));
            }
        }
        assertThat(args).contains(KAFKA_PROPERTIES_MOUNT);

        JobSettings settings = JobArguments.parse(command.toArray(String[]::new));

        assertThat(settings.parallelism()).isEqualTo(at(deployment, "spec.job.parallelism"));
        assertThat(settings.parallelism()).isLessThanOrEqualTo(JobSettings.MAX_PARALLELISM);
        assertThat(settings.checkpointInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(settings.database().jdbcUrl()).contains("sslmode=verify-full");
        assertThat(settings.liveState()).isNotNull();
    }

    @Test
    void everyFlinkConfigurationKeyIsAFlinkOption() {
        Set<String> known = FlinkOptionKeys.all();
        Map<String, Object> flink = map(flinkDeployment(), "spec.flinkConfiguration");
        Pattern reporter = Pattern.compile("metrics\\.reporter\\.[^.]+\\.(.+)");

        assertThat(known).contains("state.checkpoints.dir", "high-availability.type", "factory.class");
        assertThat(flink.keySet()).allSatisfy(key -> {
            Matcher perReporter = reporter.matcher(key);
            boolean isOption = perReporter.matches()
                    ? known.contains(perReporter.group(1)) || PROMETHEUS_REPORTER_KEYS.contains(perReporter.group(1))
                    : known.contains(key);
            assertThat(isOption).as(key + " is an option of Flink 1.20").isTrue();
        });
    }

    @Test
    void theJvmOptionsOpenWhatTheLauncherAndTheTestsOpen() throws IOException {
        String deployed = (String) map(flinkDeployment(), "spec.flinkConfiguration").get("env.java.opts.all");
        String pom = Files.readString(Manifests.DEPLOY.resolve("../pom.xml"));
        Matcher opens = Pattern.compile("<jvm.opens>(.*)</jvm.opens>").matcher(pom);
        assertThat(opens.find()).isTrue();
        List<String> expected = List.of(opens.group(1).trim().split("\\s+"));

        assertThat(deployed.trim().split("\\s+")).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theStrimziTopicsAreTheContractsWithItsRetentionAndLogAppendTime() {
        Map<String, Map<String, Object>> topics = new LinkedHashMap<>();
        for (Map<String, Object> topic : Manifests.ofKind("kafka", "KafkaTopic")) {
            topics.put((String) at(topic, "spec.topicName"), topic);
        }
        int parallelism = (Integer) at(flinkDeployment(), "spec.job.parallelism");

        List<String> expectedNames = new ArrayList<>();
        for (EventTopic topic : EventTopic.values()) {
            expectedNames.addAll(List.of(topic.topicName(), topic.deadLetterTopicName()));
            assertThat(topics).containsKey(topic.topicName());
            assertThat(config(topics.get(topic.topicName()))).containsAllEntriesOf(topic.topicConfig());
            assertThat((Integer) at(topics.get(topic.topicName()), "spec.partitions"))
                    .as("partitions of " + topic.topicName()).isGreaterThanOrEqualTo(parallelism);
            assertThat(topics).containsKey(topic.deadLetterTopicName());
            assertThat(config(topics.get(topic.deadLetterTopicName())))
                    .containsAllEntriesOf(topic.deadLetterTopicConfig());
        }
        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(expectedNames);
    }

    @Test
    void theCloudFormationTablesAreWhatDynamoDbInitCreates() throws Exception {
        Map<String, Map<String, Object>> tables = new HashMap<>();
        Map<String, Object> resources = map(Manifests.documents(
                Manifests.DEPLOY.resolve("dynamodb/live-tables.yaml")).get(0), "Resources");
        resources.values().forEach(resource -> {
            @SuppressWarnings("unchecked") Map<String, Object> r = (Map<String, Object>) resource;
            assertThat(r.get("Type")).isEqualTo("AWS::DynamoDB::Table");
            tables.put((String) at(r, "Properties.TableName"), map(r, "Properties"));
        });

        assertThat(tables.keySet()).containsExactlyInAnyOrder(
                java.util.Arrays.stream(LiveTables.values()).map(LiveTables::tableName).toArray(String[]::new));
        for (LiveTables live : LiveTables.values()) {
            CreateTableRequest init = createRequest(live);
            Map<String, Object> table = tables.get(live.tableName());
            assertThat(table.get("BillingMode")).isEqualTo(init.billingModeAsString());
            assertThat(attributes(table.get("AttributeDefinitions"))).as(live.tableName())
                    .isEqualTo(init.attributeDefinitions().stream().collect(Collectors.toMap(
                            AttributeDefinition::attributeName, AttributeDefinition::attributeTypeAsString)));
            assertThat(keys(table.get("KeySchema"))).as(live.tableName()).isEqualTo(keys(init.keySchema()));
            assertThat(indexes(table)).as(live.tableName()).isEqualTo(init.globalSecondaryIndexes().stream()
                    .collect(Collectors.toMap(GlobalSecondaryIndex::indexName,
                            i -> keys(i.keySchema()) + " " + i.projection().projectionTypeAsString())));
            String stream = init.streamSpecification() == null ? null
                    : init.streamSpecification().streamViewTypeAsString();
            assertThat(at(table, "StreamSpecification.StreamViewType")).as(live.tableName()).isEqualTo(stream);
            assertThat(at(table, "TimeToLiveSpecification.AttributeName")).isEqualTo(LiveTables.TTL_ATTRIBUTE);
            assertThat(at(table, "TimeToLiveSpecification.Enabled")).isEqualTo(true);
        }
    }

    @Test
    void noManifestHoldsASecret() throws IOException {
        Pattern secretValue = Pattern.compile("(?im)^[ \\t]*-?[ \\t]*\"?(password|secret|secret-key|access-key"
                + "|sasl\\.jaas\\.config|aws_secret_access_key)\"?[ \\t]*[:=][ \\t]*(?!\\$\\{)\\S+");
        // (a ${VARIABLE} reference, as Grafana's provisioning files use, is not a secret)
        for (Path file : Manifests.yamlFiles()) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContainPattern(secretValue)
                    .doesNotContain("PRIVATE KEY");
        }
        // Every variable whose name says it is secret comes from a Secret, not from a literal value.
        for (Map<String, Object> variable : containerEnv(flinkDeployment())) {
            String name = (String) variable.get("name");
            if (name.contains("PASSWORD") || name.contains("SECRET")) {
                assertThat(variable).as(name).doesNotContainKey("value");
                assertThat(at(variable, "valueFrom.secretKeyRef.name")).as(name).isNotNull();
            }
        }
    }

    private static Map<String, Object> flinkDeployment() {
        List<Map<String, Object>> deployments = Manifests.ofKind("kubernetes", "FlinkDeployment");
        assertThat(deployments).hasSize(1);
        return deployments.get(0);
    }

    /** The variables the job's containers get: the ConfigMap's entries, and the Secret's (with a stand-in value). */
    private static Map<String, String> environment(Map<String, Object> deployment) {
        Map<String, String> environment = new LinkedHashMap<>();
        Map<String, Object> configMap = Manifests.ofKind("kubernetes", "ConfigMap").get(0);
        for (Object from : list(at(container(deployment), "envFrom"))) {
            @SuppressWarnings("unchecked") Map<String, Object> source = (Map<String, Object>) from;
            assertThat(at(source, "configMapRef.name")).isEqualTo(at(configMap, "metadata.name"));
            map(configMap, "data").forEach((k, v) -> environment.put(k, String.valueOf(v)));
        }
        containerEnv(deployment).forEach(v -> environment.put((String) v.get("name"), "from-a-secret"));
        return environment;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containerEnv(Map<String, Object> deployment) {
        return list(container(deployment).get("env")).stream().map(v -> (Map<String, Object>) v).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> deployment) {
        return list(at(deployment, "spec.podTemplate.spec.containers")).stream()
                .map(c -> (Map<String, Object>) c)
                .filter(c -> "flink-main-container".equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no flink-main-container in the pod template"));
    }

    private static byte[] jobArgumentsClassFromTheJar() throws IOException {
        try (JarFile jar = new JarFile(JOBS_JAR.toFile())) {
            var entry = jar.getJarEntry(JobArguments.class.getName().replace('.', '/') + ".class");
            return jar.getInputStream(entry).readAllBytes();
        }
    }

    /** Whether a string constant occurs in a class file (its constant pool holds it as modified UTF-8). */
    private static boolean contains(byte[] classFile, String text) {
        return new String(classFile, StandardCharsets.ISO_8859_1).contains(text);
    }

    private static Map<String, String> config(Map<String, Object> topic) {
        Map<String, String> config = new HashMap<>();
        map(topic, "spec.config").forEach((k, v) -> config.put(k, String.valueOf(v)));
        return config;
    }

    /** LiveTables' request, as `dynamodb init` sends it (package-private there: read here, not copied). */
    private static CreateTableRequest createRequest(LiveTables table) throws Exception {
        Method method = LiveTables.class.getDeclaredMethod("createRequest");
        method.setAccessible(true);
        return (CreateTableRequest) method.invoke(table);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> attributes(Object definitions) {
        return list(definitions).stream().map(d -> (Map<String, Object>) d).collect(Collectors.toMap(
                d -> (String) d.get("AttributeName"), d -> (String) d.get("AttributeType")));
    }

    @SuppressWarnings("unchecked")
    private static String keys(Object schema) {
        if (schema instanceof List<?> elements && !elements.isEmpty() && elements.get(0) instanceof KeySchemaElement) {
            return ((List<KeySchemaElement>) schema).stream()
                    .map(k -> k.attributeName() + ":" + k.keyTypeAsString()).collect(Collectors.joining(","));
        }
        return list(schema).stream().map(k -> (Map<String, Object>) k)
                .map(k -> k.get("AttributeName") + ":" + k.get("KeyType")).collect(Collectors.joining(","));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> indexes(Map<String, Object> table) {
        return list(table.get("GlobalSecondaryIndexes")).stream().map(i -> (Map<String, Object>) i)
                .collect(Collectors.toMap(i -> (String) i.get("IndexName"),
                        i -> keys(i.get("KeySchema")) + " " + at(i, "Projection.ProjectionType")));
    }
}
