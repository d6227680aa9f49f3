package com.aybiza.service.crypto;

import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;

/**
 * The master key held by AWS KMS: a data key is wrapped with KMS Encrypt and unwrapped with KMS Decrypt, so the
 * master key never leaves KMS and every unwrap is authorised and logged there (CloudTrail). Each data key is
 * unwrapped once per service process ({@link DataKeyRing} keeps it), so KMS sees about one call per tenant and start.
 *
 * <p>The encryption context names the purpose; KMS refuses to decrypt a blob under any other context, and the
 * context appears in CloudTrail next to each use. Decrypt names the key too, so a blob of another KMS key is refused
 * rather than decrypted with whichever key made it.
 */
public final class KmsMasterKey implements MasterKey {

    private static final Map<String, String> CONTEXT = Map.of("purpose", "aybiza data key");

    private final KmsClient kms;
    private final String keyId;
    /** The key's ARN, as KMS names it: the same key given by id, ARN or alias gets the same {@link #id()}. */
    private volatile String arn;

    public KmsMasterKey(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    /** A client for the settings' endpoint and region, with the SDK's default credentials. */
    public static KmsMasterKey connect(MasterKeySettings.Kms settings) {
        KmsClientBuilder builder = KmsClient.builder().httpClientBuilder(ApacheHttpClient.builder());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        try {
            return new KmsMasterKey(builder.build(), settings.keyId());
        } catch (SdkException e) {
            throw new IllegalArgumentException("cannot set up the AWS KMS client: " + e.getMessage()
                    + " (set AWS_REGION or --kms-region, and credentials as the AWS SDK looks for them)", e);
        }
    }

    @Override
    public String id() {
        if (arn == null) {
            try {
                arn = kms.describeKey(b -> b.keyId(keyId)).keyMetadata().arn();
            } catch (SdkException e) {
                throw new MasterKeyUnavailableException("AWS KMS did not describe key " + keyId + ": "
                        + e.getMessage(), e);
            }
        }
        return "kms:" + arn;
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        try {
            return kms.encrypt(EncryptRequest.builder().keyId(keyId).plaintext(SdkBytes.fromByteArray(dataKey))
                    .encryptionContext(CONTEXT).encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT).build())
                    .ciphertextBlob().asByteArray();
        } catch (SdkException e) {
            throw new MasterKeyUnavailableException("AWS KMS did not wrap a data key with " + keyId + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public byte[] unwrap(byte[] wrapped) {
        try {
            return kms.decrypt(DecryptRequest.builder().keyId(keyId).ciphertextBlob(SdkBytes.fromByteArray(wrapped))
                    .encryptionContext(CONTEXT).encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT).build())
                    .plaintext().asByteArray();
        } catch (SdkException e) {
            throw new MasterKeyUnavailableException("AWS KMS did not unwrap a data key with " + keyId + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        kms.close();
    }
}
