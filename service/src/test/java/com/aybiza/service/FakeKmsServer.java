package com.aybiza.service;

import java.net.URI;
import org.http4k.chaos.ChaoticHttpHandlerKt;
import org.http4k.connect.amazon.kms.FakeKMS;
import org.http4k.core.Status;
import org.http4k.server.Http4kServer;
import org.http4k.server.SunHttp;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A KMS-compatible server on a free loopback port: http4k-connect's FakeKMS, which speaks KMS's JSON protocol as the
 * AWS SDK sends it. Its Encrypt only reverses the bytes, so it checks our use of the protocol, not KMS's cryptography.
 * The service finds credentials through the SDK's default chain, so this sets dummy ones as the aws.* system
 * properties when none are set.
 */
final class FakeKmsServer implements AutoCloseable {

    static final String REGION = "eu-west-1";

    private final FakeKMS fake;
    private final Http4kServer server;

    private FakeKmsServer(FakeKMS fake, Http4kServer server) {
        this.fake = fake;
        this.server = server;
    }

    static FakeKmsServer start() {
        if (System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "test-access-key");
            System.setProperty("aws.secretAccessKey", "test-secret-key");
        }
        FakeKMS fake = new FakeKMS();
        return new FakeKmsServer(fake, ChaoticHttpHandlerKt.start(fake, 0, SunHttp::new));
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** A client of this server, as the test's own independent view of KMS. */
    KmsClient client() {
        return KmsClient.builder().endpointOverride(endpoint()).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    /** A new symmetric key's id. */
    String createKey() {
        try (KmsClient kms = client()) {
            return kms.createKey(b -> { }).keyMetadata().keyId();
        }
    }

    /** KMS's ARN of a key. */
    String arn(String keyId) {
        try (KmsClient kms = client()) {
            return kms.describeKey(b -> b.keyId(keyId)).keyMetadata().arn();
        }
    }

    /** From now on every call answers 503, as during a KMS outage, until {@link #recover}. */
    void failEveryCall() {
        fake.returnStatus(Status.SERVICE_UNAVAILABLE);
    }

    void recover() {
        fake.behave();
    }

    @Override
    public void close() {
        server.stop();
    }
}
