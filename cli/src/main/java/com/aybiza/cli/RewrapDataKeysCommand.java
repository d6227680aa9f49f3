package com.aybiza.cli;

import com.aybiza.service.crypto.DataKeyRewrap;
import com.aybiza.service.crypto.MasterKey;
import com.aybiza.service.crypto.MasterKeySettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** bin/aybiza rewrap-data-keys: moves the service's data keys to another master key (a new file, or AWS KMS). */
@Command(name = "rewrap-data-keys", mixinStandardHelpOptions = true,
        description = {
            "Unwraps every per-tenant data key with the old master key and wraps it with the new one, in one",
            "transaction; encrypted fields are untouched (their data keys do not change). Stop serve first, and",
            "start it again with the new master key (serve --master-key-file or --kms-key-id)."
        })
final class RewrapDataKeysCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Option(names = "--from", required = true, converter = MasterKeyConverter.class,
            description = "the master key that wraps them now: file:PATH or kms:KEY")
    MasterKeySettings from;

    @Option(names = "--to", required = true, converter = MasterKeyConverter.class,
            description = "the master key to wrap them with: file:PATH (created if missing) or kms:KEY")
    MasterKeySettings to;

    @Mixin
    KmsOptions kms;

    @Override
    public Integer call() throws Exception {
        if (from instanceof MasterKeySettings.LocalFile file && !Files.isRegularFile(file.file())) {
            throw new ParameterException(spec.commandLine(), "--from: no key file at " + file.file());
        }
        SecureRandom random = new SecureRandom();
        PrintWriter out = spec.commandLine().getOut();
        try (MasterKey old = withKmsSettings(from).open(random); MasterKey target = withKmsSettings(to).open(random);
             Connection c = database.settings().open()) {
            DataKeyRewrap.Result result = DataKeyRewrap.rewrap(c, old, target);
            out.printf("rewrapped %d data keys from %s to %s; %d were under %s already%n", result.rewrapped(),
                    old.id(), target.id(), result.alreadyUnderTarget(), target.id());
            if (result.underOtherMasterKeys() > 0) {
                out.printf("%d data keys are under another master key and were left as they are: rewrap them from "
                        + "it too, or serve will not start%n", result.underOtherMasterKeys());
                return 1;
            }
            out.printf("start serve with %s%n", to instanceof MasterKeySettings.Kms named
                    ? "--kms-key-id " + named.keyId() : "--master-key-file " + ((MasterKeySettings.LocalFile) to).file());
            return 0;
        }
    }

    private MasterKeySettings withKmsSettings(MasterKeySettings key) {
        return key instanceof MasterKeySettings.Kms named ? kms.key(named.keyId()) : key;
    }
}
