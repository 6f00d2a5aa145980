package io.listguard;

import java.util.Random;
import java.util.stream.LongStream;

/**
 * Seeded fuzzing for JUnit parameterized tests: each try is one seed, shown in the test's name, so that a failure
 * is replayed by running that seed again. The base seed is fixed (every run fuzzes the same inputs, and CI stays
 * deterministic); {@code -Dlistguard.fuzz.seed=N} explores others, {@code -Dlistguard.fuzz.tries=N} changes how
 * many.
 * <p>
 * Not jqwik: its releases (up to 1.10.1) are built on the JUnit Platform 1.x while Spring Boot 4 manages the JUnit 6
 * platform, and since 1.10 its maintainers ask that it not be used with AI coding agents, which write part of this
 * project.
 */
public final class Fuzz {

    private static final long BASE = Long.getLong("listguard.fuzz.seed", 20261128L);
    private static final String PALETTE = "{}[]\",:\\ \t\n\r0123456789-+.eEtrufalsn"
            + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_@#;|'/é€\u0000\u0001\u001f\u007f\u00a0\u2028\uFEFF\uFFFD";

    private Fuzz() {
    }

    /** The seeds of a property's tries (at most {@code tries}, fewer when -Dlistguard.fuzz.tries says so). */
    public static LongStream seeds(String property, int tries) {
        int n = Math.min(tries, Integer.getInteger("listguard.fuzz.tries", tries));
        long base = BASE ^ property.hashCode() * 0x9E3779B97F4A7C15L;
        return LongStream.range(0, n).map(i -> base + i * 0x5851F42D4C957F2DL);
    }

    /** A random string: structural JSON/CSV characters, letters, control characters, and some unicode. */
    public static String text(Random random, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(20) == 0) {
                int cp = random.nextInt(0x2FFFF);
                if (Character.isValidCodePoint(cp) && !(cp >= 0xD800 && cp <= 0xDFFF)) {
                    s.appendCodePoint(cp);
                    continue;
                }
            }
            s.append(PALETTE.charAt(random.nextInt(PALETTE.length())));
        }
        return s.toString();
    }

    /** One textual mutation: delete, duplicate, replace or insert a few characters at a random place. */
    public static String mutate(String text, Random random) {
        if (text.isEmpty()) {
            return text(random, 8);
        }
        int at = random.nextInt(text.length());
        int span = 1 + random.nextInt(Math.min(12, text.length() - at));
        return switch (random.nextInt(4)) {
            case 0 -> text.substring(0, at) + text.substring(at + span);
            case 1 -> text.substring(0, at + span) + text.substring(at, at + span) + text.substring(at + span);
            case 2 -> text.substring(0, at) + text(random, span) + text.substring(at + span);
            default -> text.substring(0, at) + text(random, 1 + random.nextInt(16)) + text.substring(at);
        };
    }

    /** One byte-level mutation: flip bits, overwrite, insert, delete, duplicate, or truncate. */
    public static byte[] mutate(byte[] bytes, Random random) {
        if (bytes.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(bytes.length);
        int span = 1 + random.nextInt(Math.min(64, bytes.length - at));
        byte[] out;
        switch (random.nextInt(6)) {
            case 0 -> {
                out = bytes.clone();
                for (int i = 0; i < 1 + random.nextInt(8); i++) {
                    int p = random.nextInt(out.length);
                    out[p] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> {
                out = bytes.clone();
                for (int i = at; i < at + span; i++) {
                    out[i] = (byte) random.nextInt(256);
                }
            }
            case 2 -> {
                byte[] insert = new byte[span];
                random.nextBytes(insert);
                out = concat(bytes, at, insert, at);
            }
            case 3 -> out = concat(bytes, at, new byte[0], at + span);
            case 4 -> {
                byte[] dup = java.util.Arrays.copyOfRange(bytes, at, at + span);
                out = concat(bytes, at + span, dup, at);
            }
            default -> out = java.util.Arrays.copyOf(bytes, at);
        }
        return out;
    }

    /** bytes[0, headEnd) + middle + bytes[tailStart, end). */
    private static byte[] concat(byte[] bytes, int headEnd, byte[] middle, int tailStart) {
        byte[] out = new byte[headEnd + middle.length + (bytes.length - tailStart)];
        System.arraycopy(bytes, 0, out, 0, headEnd);
        System.arraycopy(middle, 0, out, headEnd, middle.length);
        System.arraycopy(bytes, tailStart, out, headEnd + middle.length, bytes.length - tailStart);
        return out;
    }
}
