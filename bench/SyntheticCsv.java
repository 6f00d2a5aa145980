// The bench's synthetic records file (io.listguard.bulk.SyntheticFile: seeded, 5% malformed lines), written to a path:
//   java -cp target/listguard-core.jar bench/SyntheticCsv.java RECORDS OUT.csv [SEED]
public class SyntheticCsv {
    public static void main(String[] args) throws Exception {
        try (var out = new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(java.nio.file.Path.of(args[1])), 1 << 16)) {
            long malformed = io.listguard.bulk.SyntheticFile.write(out, Long.parseLong(args[0]), args.length > 2 ? Long.parseLong(args[2]) : 42);
            System.err.println(args[0] + " records, " + malformed + " malformed, in " + args[1]);
        }
    }
}
