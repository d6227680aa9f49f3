package com.aybiza.cli;

import com.aybiza.service.crypto.MasterKeySettings;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A master key as rewrap-data-keys names it: {@code file:PATH} (a key file) or {@code kms:KEY} (an AWS KMS key id, key
 * ARN or alias ARN). The KMS region and endpoint come from the command's own options, so the converter leaves them
 * unset and the command fills them in.
 */
final class MasterKeyConverter implements ITypeConverter<MasterKeySettings> {

    @Override
    public MasterKeySettings convert(String value) {
        String v = value.trim();
        if (v.startsWith("file:") && v.length() > "file:".length()) {
            return new MasterKeySettings.LocalFile(Path.of(v.substring("file:".length())));
        }
        if (v.startsWith("kms:") && !v.substring("kms:".length()).isBlank()) {
            return new MasterKeySettings.Kms(v.substring("kms:".length()), null, null);
        }
        throw new TypeConversionException("'" + value + "' names no master key; write file:PATH (a key file) or "
                + "kms:KEY (an AWS KMS key id or ARN), e.g. file:/root/.aybiza/master.key");
    }
}
