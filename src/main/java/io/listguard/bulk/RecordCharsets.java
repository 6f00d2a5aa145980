package io.listguard.bulk;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The charsets a records file may be declared in ({@code format.charset} of a bulk request, {@code --charset} of the
 * CLI): UTF-8 (the default), ISO-8859-1, ISO-8859-15 and Windows-1252, by their names or Java's aliases
 * ({@code utf8}, {@code latin1}, {@code cp1252}, ...). A BOM in the file overrides the declaration (UTF-8, UTF-16).
 */
public final class RecordCharsets {

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    public static final List<Charset> SUPPORTED = List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1,
            Charset.forName("ISO-8859-15"), WINDOWS_1252);

    private RecordCharsets() {
    }

    /** The charset a name designates: UTF-8 for null or blank, else one of {@link #SUPPORTED} or an {@link UnknownCharsetException}. */
    public static Charset resolve(String name) {
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        Charset charset;
        try {
            charset = Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnknownCharsetException(name);
        }
        if (!SUPPORTED.contains(charset)) {
            throw new UnknownCharsetException(name);
        }
        return charset;
    }

    /** The supported names, as messages list them. */
    public static String supportedNames() {
        return SUPPORTED.stream().map(Charset::name).collect(Collectors.joining(", "));
    }
}
