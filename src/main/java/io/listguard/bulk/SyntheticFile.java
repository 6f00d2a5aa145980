package io.listguard.bulk;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Random;

/**
 * A seeded, realistic synthetic records file for benchmarks and tests: mixed channels' consents (some without
 * proof or renter), segments, Bloctel flags, objections, old activity, bad contact points, and 5% malformed lines
 * (bad date, wrong column count, unknown kind). The same seed gives the same file.
 */
public final class SyntheticFile {

    public static final String HEADER = "id,kind,email,phone,postal_address,birth_date,job_function,segments,bloctel_registered,opted_out,"
            + "last_activity_on,call_attempts_last_30_days,consent_email_given_on,consent_email_proof_ref,consent_email_renter_named,"
            + "consent_sms_given_on,consent_sms_proof_ref,consent_sms_renter_named,consent_phone_given_on,consent_phone_proof_ref,"
            + "consent_phone_renter_named";

    private static final String[] SEGMENTS = {"FAMILY_WITH_CHILDREN", "RETIRED", "APARTMENT_DWELLER", "HOUSE_WITH_GARDEN", "STUDENT"};
    private static final String[] JOBS = {"", "PURCHASING", "IT", "MARKETING", "FINANCE"};

    private SyntheticFile() {
    }

    /** Writes {@code records} lines of CSV (plus the header) and returns how many of them are malformed. */
    public static long write(OutputStream out, long records, long seed) throws IOException {
        Random random = new Random(seed);
        long malformed = 0;
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        w.write(HEADER);
        w.write('\n');
        LocalDate base = LocalDate.of(2026, 1, 1);
        StringBuilder line = new StringBuilder(300);
        for (long i = 1; i <= records; i++) {
            line.setLength(0);
            int roll = random.nextInt(100);
            String activity = base.minusDays(random.nextInt(1800)).toString();
            if (roll < 5) {
                malformed++;
                switch (roll % 3) {
                    case 0 -> line.append("p").append(i).append(",PERSON,p").append(i).append("@example.org,,,1980-13-45");
                    case 1 -> line.append("p").append(i).append(",PERSON,p").append(i).append("@example.org,0612345678,,1980-02-30,,,false,false,")
                            .append(activity).append(",0,,,,,,,,,");
                    default -> line.append("p").append(i).append(",ROBOT,p").append(i).append("@example.org,0612345678,,1980-01-01,,,false,false,")
                            .append(activity).append(",0,,,,,,,,,");
                }
            } else {
                line.append('p').append(i).append(',').append(random.nextInt(50) == 0 ? "GENERIC_ADDRESS" : "PERSON").append(',');
                line.append(random.nextInt(25) == 0 ? "not-an-email" : "p" + i + "@example.org").append(',');
                line.append(random.nextInt(10) == 0 ? "" : "06" + (10_000_000 + random.nextInt(89_999_999))).append(',');
                line.append(random.nextInt(3) == 0 ? "" : "\"" + (1 + random.nextInt(99)) + " rue de la Paix, 75002 Paris\"").append(',');
                line.append(LocalDate.of(1940 + random.nextInt(66), 1 + random.nextInt(12), 1 + random.nextInt(28))).append(',');
                line.append(JOBS[random.nextInt(JOBS.length)]).append(',');
                line.append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
                if (random.nextBoolean()) {
                    line.append('|').append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
                }
                line.append(',').append(random.nextInt(10) == 0).append(',').append(random.nextInt(30) == 0).append(',');
                line.append(activity).append(',').append(random.nextInt(6)).append(',');
                for (String channel : new String[] {"email", "sms", "phone"}) {
                    if (random.nextInt(10) < 7) {
                        line.append(base.minusDays(random.nextInt(700))).append(',');
                        line.append(random.nextInt(20) == 0 ? "" : "form-" + random.nextInt(1000) + "#" + i).append(',');
                        line.append(random.nextInt(15) != 0);
                    } else {
                        line.append(",,");
                    }
                    if (!channel.equals("phone")) {
                        line.append(',');
                    }
                }
            }
            line.append('\n');
            w.append(line);
        }
        w.flush();
        return malformed;
    }
}
