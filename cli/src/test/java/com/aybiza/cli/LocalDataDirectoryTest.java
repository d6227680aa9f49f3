package com.aybiza.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDataDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void writesItsMarkerAndOpensAgainAfterClosing() throws Exception {
        Path root = tmp.resolve("local");
        LocalDataDirectory.open(root).close();
        assertThat(Files.readString(root.resolve(LocalDataDirectory.MARKER))).contains("layout=1")
                .contains("postgres.major=17");
        try (LocalDataDirectory again = LocalDataDirectory.open(root)) {
            assertThat(again.postgres()).isEqualTo(root.resolve("postgres"));
        }
    }

    @Test
    void refusesAFolderOfAnotherLayout() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("old"));
        Files.writeString(root.resolve(LocalDataDirectory.MARKER), "layout=0\npostgres.major=16\n");
        assertThatThrownBy(() -> LocalDataDirectory.open(root)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another version of bin/aybiza local").hasMessageContaining("PostgreSQL 16")
                .hasMessageContaining("--data-dir");
    }

    @Test
    void refusesAFolderItDidNotWrite() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(root.resolve("notes.txt"), "not ours");
        assertThatThrownBy(() -> LocalDataDirectory.open(root)).hasMessageContaining("not empty")
                .hasMessageContaining(LocalDataDirectory.MARKER);
        assertThat(root.resolve(LocalDataDirectory.MARKER)).doesNotExist();
    }

    @Test
    void refusesASecondRunOnTheSameFolder() throws Exception {
        Path root = tmp.resolve("busy");
        try (LocalDataDirectory first = LocalDataDirectory.open(root)) {
            assertThatThrownBy(() -> LocalDataDirectory.open(root)).hasMessageContaining("in use");
        }
    }

    @Test
    void cleanDeletesTheFolder() throws Exception {
        Path root = tmp.resolve("clean");
        LocalDataDirectory dir = LocalDataDirectory.open(root);
        Files.createDirectories(dir.postgres());
        dir.close(true);
        assertThat(root).doesNotExist();
    }
}
