package io.listguard.bulk.profiles;

import java.util.List;

/** A bulk request names a profile that is not stored ({@code request.format.profile}); the known names help correct it. */
public class UnknownProfileException extends ProfileRefusedException {

    public static final String PATH = "request.format.profile";

    private final List<String> known;
    private final String path;

    public UnknownProfileException(String name, List<String> known) {
        this(name, known, PATH);
    }

    /** @param path where the request names the profile ({@link #PATH} in a bulk request, {@code name} in a preview) */
    public UnknownProfileException(String name, List<String> known, String path) {
        super(known.isEmpty() ? "profiles.unknownNoneStored" : "profiles.unknown", name, String.join(", ", known));
        this.known = List.copyOf(known);
        this.path = path;
    }

    public String path() {
        return path;
    }

    public List<String> known() {
        return known;
    }
}
