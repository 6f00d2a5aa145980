package io.listguard.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What DataFiles writes is private (0700/0600) whatever the umask, and secureTree makes private what others wrote. */
class DataFilesTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(DataFiles.posix(tmp), "permissions are POSIX ones");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void everyWriterCreatesPrivateDirectoriesAndFiles() throws Exception {
        Path jobs = tmp.resolve("data/jobs/j-1");
        DataFiles.createDirectories(jobs);
        assertThat(mode(tmp.resolve("data"))).isEqualTo("rwx------");
        assertThat(mode(tmp.resolve("data/jobs"))).isEqualTo("rwx------");
        assertThat(mode(jobs)).isEqualTo("rwx------");

        try (OutputStream out = DataFiles.newOutputStream(jobs.resolve("records.csv"))) {
            out.write("a;b\n".getBytes(StandardCharsets.UTF_8));
        }
        DataFiles.writeString(tmp.resolve("data/key"), "secret");
        long copied = DataFiles.copy(new ByteArrayInputStream(new byte[10]), tmp.resolve("data/new/input.bin"));
        Path temp = DataFiles.createTempFile(tmp.resolve("data/spool"), "x-", ".tmp");

        assertThat(copied).isEqualTo(10);
        for (Path file : new Path[] {jobs.resolve("records.csv"), tmp.resolve("data/key"), tmp.resolve("data/new/input.bin"), temp}) {
            assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------");
        }
        assertThat(mode(tmp.resolve("data/new"))).isEqualTo("rwx------");
        assertThat(Files.readString(tmp.resolve("data/key"))).isEqualTo("secret");
    }

    @Test
    void anExistingFileOrDirectoryIsMadePrivateWhenWrittenAgainOrWalked() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("data/old"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = Files.writeString(dir.resolve("listguard.mv.db"), "h2");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Path other = Files.writeString(tmp.resolve("data/audit-hmac.key"), "k");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-rw-rw-"));

        DataFiles.writeString(other, "k2");
        assertThat(mode(other)).as("rewritten: private before the new bytes").isEqualTo("rw-------");

        DataFiles.secureTree(tmp.resolve("data"));
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("h2");
    }
}
