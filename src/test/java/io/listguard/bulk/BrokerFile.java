package io.listguard.bulk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The broker file of issue 12 as French Excel saves it ("CSV (séparateur : point-virgule)", Windows-1252): a title
 * line above the header, the broker's own column names, its words (OUI/NON, X/blank, VRAI/FAUX), French dates, an
 * Excel serial date, a phone that lost its leading zero and a quoted address on two lines; and its mapping profile.
 */
public final class BrokerFile {

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** The worked example of docs/files.md, so that what the documentation shows is what these tests check. */
    public static final Path CSV_FILE = Path.of("docs/examples/broker/dataplus.csv");
    public static final Path PROFILE_FILE = Path.of("docs/examples/broker/dataplus-b2c.json");

    /** Line 3 (two lines, 3-4) consents; line 5 opted out; line 6 said NON to email offers; line 7 has two bad cells. */
    public static final String CSV = read(CSV_FILE, WINDOWS_1252);

    public static final String PROFILE = read(PROFILE_FILE, StandardCharsets.UTF_8);

    private static String read(Path file, Charset charset) {
        try {
            return new String(Files.readAllBytes(file), charset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private BrokerFile() {
    }

    public static byte[] bytes() {
        return CSV.getBytes(WINDOWS_1252);
    }
}
