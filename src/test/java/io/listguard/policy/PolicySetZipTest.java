package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** Issue 17: a policy version as a zip, read back by a job outside the service with the same hash. */
class PolicySetZipTest {

    @Test
    void theZipOfAPolicyReadsBackWithTheSameHashAndFiles() throws IOException {
        PolicySet set = PolicySet.fromDirectories(Path.of("rules"), Path.of("policies"));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        set.writeZip(zip);

        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertThat(names).as("rules and workbooks at their relative paths, no scenario")
                .containsExactlyElementsOf(set.ruleSources().stream().map(PolicySource::name).toList())
                .anyMatch(n -> n.startsWith("rules/") && n.endsWith(".drl")).anyMatch(n -> n.startsWith("policies/") && n.endsWith(".xlsx"))
                .noneMatch(n -> n.startsWith(PolicySource.SCENARIO_FOLDER));

        PolicySet read = PolicySet.fromZip(new ByteArrayInputStream(zip.toByteArray()));
        assertThat(read.hash()).isEqualTo(set.hash()).startsWith("sha256:");
        assertThat(read.ruleSources()).hasSameSizeAs(set.ruleSources());
        for (PolicySource source : set.ruleSources()) {
            assertThat(read.source(source.name()).orElseThrow().content()).isEqualTo(source.content());
        }
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        read.writeZip(again);
        assertThat(again.toByteArray()).as("the same version gives the same bytes").isEqualTo(zip.toByteArray());
    }

    @Test
    void aChangedFileChangesTheHash() throws IOException {
        PolicySet set = PolicySet.fromDirectories(Path.of("rules"), Path.of("policies"));
        PolicySource drl = set.ruleSources().stream().filter(s -> s.kind() == PolicySource.Kind.DRL).findFirst().orElseThrow();
        byte[] changed = zip(List.<Object[]>of(new Object[] {drl.name(), (new String(drl.content(), StandardCharsets.UTF_8) + "\n// changed\n")
                .getBytes(StandardCharsets.UTF_8)}));
        assertThat(PolicySet.fromZip(new ByteArrayInputStream(changed)).hash()).isNotEqualTo(
                new PolicySet(List.of(drl)).hash());
    }

    @Test
    void aZipThatIsNotAPolicyIsRefused() {
        assertThatThrownBy(() -> PolicySet.fromZip(new ByteArrayInputStream(zip(List.<Object[]>of(new Object[] {"../etc/passwd.drl", new byte[] {1}})))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a file of a policy");
        assertThatThrownBy(() -> PolicySet.fromZip(new ByteArrayInputStream(zip(List.<Object[]>of(new Object[] {"rules/sub/x.drl", new byte[] {1}})))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicySet.fromZip(new ByteArrayInputStream(zip(List.<Object[]>of(new Object[] {"notes.txt", new byte[] {1}})))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicySet.fromZip(new ByteArrayInputStream(zip(List.<Object[]>of()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no policy file");
        assertThatThrownBy(() -> PolicySet.fromZip(new ByteArrayInputStream(zip(List.<Object[]>of(new Object[] {"rules/a.drl", new byte[] {1}},
                new Object[] {"rules/a.drl", new byte[] {2}})))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> PolicySet.fromZip(new ByteArrayInputStream(zip(List.<Object[]>of(new Object[] {"rules/big.drl", new byte[10_000]}))), 9_999))
                .as("a zip bomb stops at the limit").isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9999");
    }

    private static byte[] zip(List<Object[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Object[] e : entries) {
                try {
                    zip.putNextEntry(new ZipEntry((String) e[0]));
                } catch (java.util.zip.ZipException duplicate) {
                    // ZipOutputStream refuses a repeated name: write the second under a placeholder and patch it below
                    zip.putNextEntry(new ZipEntry(((String) e[0]).replace("a.drl", "b.drl")));
                }
                zip.write((byte[]) e[1]);
                zip.closeEntry();
            }
        }
        return patchDuplicate(bytes.toByteArray());
    }

    /** Renames rules/b.drl to rules/a.drl in the archive's headers: a zip that holds one name twice. */
    private static byte[] patchDuplicate(byte[] zip) {
        String text = new String(zip, StandardCharsets.ISO_8859_1);
        return text.replace("rules/b.drl", "rules/a.drl").getBytes(StandardCharsets.ISO_8859_1);
    }
}
