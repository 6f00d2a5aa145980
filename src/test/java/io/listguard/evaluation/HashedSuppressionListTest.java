package io.listguard.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.domain.IdentifierHashes;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RecordKind;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 17: the export read outside the service; a file that is not one is refused, not taken for a short list. */
class HashedSuppressionListTest {

    private static final IdentifierHashes HASHES = new IdentifierHashes("test-secret-0123456789".getBytes(StandardCharsets.UTF_8));

    @Test
    void readsTheExportAndBarsByEveryIdentifierOfARecord() throws Exception {
        String export = "bar,kind,identifier_hash\n"
                + "SUPPRESSED,EMAIL," + HASHES.emailHash("claire@example.org") + "\n"
                + "RESTRICTED,ADDRESS," + HASHES.addressHash("12 bd Voltaire, 75011 Paris") + "\n"
                + "RESTRICTED,EMAIL," + HASHES.emailHash("claire@example.org") + "\n";
        HashedSuppressionList list = HashedSuppressionList.read(HASHES, new StringReader(export));
        assertThat(list.suppressedCount()).isOne();
        assertThat(list.restrictedCount()).isEqualTo(2);
        List<ProspectRecord> records = List.of(record("a", "CLAIRE@example.org", null), record("b", null, "12, Boulevard Voltaire 75011 PARIS"),
                record("c", "paul@example.org", null));
        assertThat(list.barred(records)).isEqualTo(new SuppressionList.Barred(Set.of("a"), Set.of("a", "b")));
    }

    @Test
    void aFileThatIsNotAnExportIsRefused() {
        String hash = HASHES.emailHash("claire@example.org");
        assertThatThrownBy(() -> HashedSuppressionList.read(HASHES, new StringReader("email\nclaire@example.org\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> HashedSuppressionList.read(HASHES, new StringReader("bar,kind,identifier_hash\nSUPPRESSED,EMAIL,claire@example.org\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2").hasMessageNotContaining("claire");
        assertThatThrownBy(() -> HashedSuppressionList.read(HASHES, new StringReader("bar,kind,identifier_hash\nFORGOTTEN,EMAIL," + hash + "\n")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HashedSuppressionList.read(HASHES, new StringReader("bar,kind,identifier_hash\nSUPPRESSED,FAX," + hash + "\n")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ProspectRecord record(String id, String email, String address) {
        return new ProspectRecord(id, RecordKind.PERSON, email, null, address, null, null, null, null, null, null, null, null, null, null);
    }
}
