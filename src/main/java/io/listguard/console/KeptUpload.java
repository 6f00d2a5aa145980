package io.listguard.console;

import io.listguard.policy.PolicySource;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a refused upload, kept in the person's HTTP session so that they can send them again with only the
 * corrected file replaced (a browser forgets the chosen files when a page is answered). Bounded: an upload larger
 * than {@link #MAX_BYTES} in total is not kept. A successful upload, or a new choice of files, replaces it.
 */
final class KeptUpload implements Serializable {

    static final long MAX_BYTES = 16L * 1024 * 1024;
    private static final String ATTRIBUTE = KeptUpload.class.getName();

    private final LinkedHashMap<String, byte[]> files = new LinkedHashMap<>();

    private KeptUpload() {
    }

    /** Keeps the files of a refused upload; false (and nothing kept) when they are too large to keep. */
    static boolean keep(HttpSession session, List<PolicySource> sources) {
        long total = sources.stream().mapToLong(PolicySource::size).sum();
        if (total > MAX_BYTES) {
            session.removeAttribute(ATTRIBUTE);
            return false;
        }
        KeptUpload kept = new KeptUpload();
        sources.forEach(s -> kept.files.put(s.name(), s.content()));
        session.setAttribute(ATTRIBUTE, kept);
        return true;
    }

    static void forget(HttpSession session) {
        session.removeAttribute(ATTRIBUTE);
    }

    /** The names of the kept files, or an empty list. */
    static List<String> names(HttpSession session) {
        KeptUpload kept = (KeptUpload) session.getAttribute(ATTRIBUTE);
        return kept == null ? List.of() : List.copyOf(kept.files.keySet());
    }

    /** The kept files with the newly chosen ones replacing (or joining) those of the same name. */
    static List<PolicySource> withReplacements(HttpSession session, List<PolicySource> chosen) {
        KeptUpload kept = (KeptUpload) session.getAttribute(ATTRIBUTE);
        Map<String, PolicySource> byName = new LinkedHashMap<>();
        if (kept != null) {
            kept.files.forEach((name, content) -> byName.put(name, new PolicySource(name, content)));
        }
        chosen.forEach(s -> byName.put(s.name(), s));
        return new ArrayList<>(byName.values());
    }
}
