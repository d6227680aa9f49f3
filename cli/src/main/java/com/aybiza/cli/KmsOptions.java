package com.aybiza.cli;

import com.aybiza.service.crypto.MasterKeySettings;
import java.net.URI;
import picocli.CommandLine.Option;

/** Where a KMS master key is reached, for the commands that name one (serve, rewrap-data-keys). */
final class KmsOptions {

    @Option(names = "--kms-region", defaultValue = "${env:AYBIZA_KMS_REGION}",
            description = "the KMS key's region, when not the AWS SDK's default (AWS_REGION, the profile) "
                    + "(env AYBIZA_KMS_REGION)")
    String region;

    @Option(names = "--kms-endpoint", converter = EndpointConverter.class, defaultValue = "${env:AYBIZA_KMS_ENDPOINT}",
            description = "a KMS endpoint other than AWS's public one for the region (a VPC endpoint, or a "
                    + "KMS-compatible server), e.g. https://vpce-0a1b.kms.eu-west-1.vpce.amazonaws.com "
                    + "(env AYBIZA_KMS_ENDPOINT)")
    URI endpoint;

    /** The KMS key {@code keyId}, reached through these options. */
    MasterKeySettings.Kms key(String keyId) {
        return new MasterKeySettings.Kms(keyId, endpoint, region);
    }
}
