package com.aybiza.service.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldCipherTest {

    final SecureRandom random = new SecureRandom();
    final FieldCipher cipher = new FieldCipher(random);

    SecretKey key() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }

    @Test
    void sealsAndOpensBoundToItsContext() {
        SecretKey key = key();
        String sealed = cipher.encrypt(key, "hunter2", "phone_manager.sip_trunks.credentials/row-1");
        assertThat(sealed).startsWith("enc:v1:").doesNotContain("hunter2");
        assertThat(cipher.encrypt(key, "hunter2", "ctx")).isNotEqualTo(cipher.encrypt(key, "hunter2", "ctx"));
        assertThat(cipher.decrypt(key, sealed, "phone_manager.sip_trunks.credentials/row-1")).isEqualTo("hunter2");
        assertThatThrownBy(() -> cipher.decrypt(key, sealed, "phone_manager.sip_trunks.credentials/row-2"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt(key(), sealed, "phone_manager.sip_trunks.credentials/row-1"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theMasterKeyFileIsCreatedPrivateAndWrapsDataKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/master.key");
        LocalFileMasterKey master = LocalFileMasterKey.loadOrCreate(file, random);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        byte[] dataKey = new byte[32];
        random.nextBytes(dataKey);
        byte[] wrapped = master.wrap(dataKey);

        LocalFileMasterKey reloaded = LocalFileMasterKey.loadOrCreate(file, random);
        assertThat(reloaded.id()).isEqualTo(master.id()).startsWith("file:");
        assertThat(reloaded.unwrap(wrapped)).isEqualTo(dataKey);
        LocalFileMasterKey other = LocalFileMasterKey.loadOrCreate(dir.resolve("other.key"), random);
        assertThatThrownBy(() -> other.unwrap(wrapped)).hasMessageContaining("another master key");
    }
}
