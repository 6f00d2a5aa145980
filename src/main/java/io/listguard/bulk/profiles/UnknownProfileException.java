package io.listguard.bulk.profiles;

import java.util.List;

/** A bulk request names a profile that is not stored ({@code request.format.profile}); the known names help correct it. */
public class UnknownProfileException extends ProfileRefusedException {

    public static final String PATH = "request.format.profile";

    private final List<String> known;

    public UnknownProfileException(String name, List<String> known) {
        super(known.isEmpty() ? "profiles.unknownNoneStored" : "profiles.unknown", name, String.join(", ", known));
        this.known = List.copyOf(known);
    }

    public List<String> known() {
        return known;
    }
}
