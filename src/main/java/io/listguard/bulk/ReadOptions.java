package io.listguard.bulk;

import io.listguard.bulk.mapping.MappingProfile;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How to read one records file: its charset (a BOM overrides it), the CSV separator (null: told from the header
 * line) and the mapping profile (null: listguard's own header), resolved from the request, the CLI's options and
 * the profile itself.
 */
public record ReadOptions(Charset charset, Character separator, MappingProfile profile) {

    public static final ReadOptions DEFAULT = new ReadOptions(StandardCharsets.UTF_8, null, null);

    public ReadOptions {
        charset = charset == null ? StandardCharsets.UTF_8 : charset;
    }

    public static ReadOptions of(Charset charset) {
        return new ReadOptions(charset, null, null);
    }
}
