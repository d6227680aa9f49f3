package com.aybiza.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The calls an operator (or a CI pipeline) makes to a Flink session cluster's REST API, as documented for Flink
 * 1.20: upload a jar, run it, read a job's state, stop it with a savepoint. Answers are Jackson trees; a status other
 * than the one expected fails with Flink's answer, which names the cause.
 */
final class FlinkRestClient {

    /** A run of an uploaded jar: its entry class and arguments, the parallelism, and a savepoint to start from. */
    record RunRequest(String entryClass, List<String> programArgs, int parallelism, Optional<String> savepointPath) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FlinkRestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** {@code GET /overview}: TaskManagers, slots (total, available) and jobs by state. */
    JsonNode overview() throws IOException, InterruptedException {
        return get("/overview");
    }

    /** {@code POST /jars/upload}: returns the jar's id for {@link #run}. */
    String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "----aybiza" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode answer = send(HttpRequest.newBuilder(uri("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())), 200);
        // "filename" is the stored file's path; the jar's id is its last segment.
        return Path.of(answer.get("filename").asText()).getFileName().toString();
    }

    /** {@code POST /jars/{id}/run}: returns the new job's id. */
    String run(String jarId, RunRequest request) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode()
                .put("entryClass", request.entryClass())
                .put("parallelism", request.parallelism());
        request.programArgs().forEach(body.putArray("programArgsList")::add);
        request.savepointPath().ifPresent(path -> body.put("savepointPath", path).put("allowNonRestoredState", false));
        return send(HttpRequest.newBuilder(uri("/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), 200).get("jobid").asText();
    }

    /** {@code GET /jobs/overview}: every job with its state. */
    JsonNode jobsOverview() throws IOException, InterruptedException {
        return get("/jobs/overview").get("jobs");
    }

    /** {@code GET /jobs/{id}}: its state and its vertices with their parallelism and state. */
    JsonNode job(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId);
    }

    /** {@code GET /jobs/{id}/checkpoints}: counts, the latest completed one and the one the job restored. */
    JsonNode checkpoints(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints");
    }

    /** {@code GET /jobs/{id}/exceptions}: the failures a job restarted after, for a failure report. */
    JsonNode exceptions(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/exceptions");
    }

    /** {@code GET /taskmanagers}: the registered TaskManagers with their slots. */
    JsonNode taskManagers() throws IOException, InterruptedException {
        return get("/taskmanagers").get("taskmanagers");
    }

    /** {@code POST /jobs/{id}/stop}: a savepoint into {@code directory}, then the job ends; returns the trigger id. */
    String stopWithSavepoint(String jobId, Path directory) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("targetDirectory", directory.toUri().toString())
                .put("drain", false);
        return send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "/stop"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), 202).get("request-id").asText();
    }

    /** {@code GET /jobs/{id}/savepoints/{trigger}}: {@code status.id} IN_PROGRESS or COMPLETED, then the operation. */
    JsonNode savepointStatus(String jobId, String triggerId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/savepoints/" + triggerId);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), 200);
    }

    private JsonNode send(HttpRequest.Builder request, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(CALL_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IOException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }
}
