package io.listguard.spark;

import io.listguard.bulk.RecordSource;
import io.listguard.bulk.ParsedLine;
import io.listguard.domain.IdentifierHashes;
import io.listguard.domain.ProspectRecord;
import io.listguard.evaluation.HashedSuppressionList;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * The suppression export joined to the records when it is too large to ship whole to every executor (issue 17: "a
 * broadcast or a join, by size"): a first pass hashes each piece's contact points with the service's key
 * ({@link IdentifierHashes}), Spark joins those hashes to the export's (a shuffle, the export read where it lies), and
 * each piece gets back only the hashes of its own records that are on the list; the evaluation pass then bars its
 * records from those with {@link HashedSuppressionList}, the same check as a broadcast list.
 */
final class SuppressionJoin {

    private SuppressionJoin() {
    }

    /** The hashes on the list, of one piece's records: what its tasks bar. */
    record Matched(Set<String> suppressed, Set<String> restricted) implements Serializable {
    }

    /** Joins the export at {@code exportPath} (any Hadoop path) to the hashes each piece emits; by piece index. */
    static Map<Integer, Matched> join(JavaSparkContext spark, String exportPath, JavaPairRDD<String, Integer> pieceHashes) {
        JavaPairRDD<String, String> export = spark.textFile(exportPath)
                .filter(line -> !line.isEmpty() && !line.equals(HashedSuppressionList.HEADER))
                .mapToPair(line -> {
                    String[] cells = line.split(",", -1);
                    if (cells.length != 3 || !(cells[0].equals("SUPPRESSED") || cells[0].equals("RESTRICTED"))) {
                        throw new IllegalArgumentException("a line of the suppression export is not bar,kind,identifier_hash");
                    }
                    return new Tuple2<>(cells[2], cells[0]);
                });
        Map<Integer, Matched> byPiece = new HashMap<>();
        for (Tuple2<String, Tuple2<Integer, String>> hit : pieceHashes.distinct().join(export).collect()) {
            Matched m = byPiece.computeIfAbsent(hit._2()._1(), i -> new Matched(new HashSet<>(), new HashSet<>()));
            (hit._2()._2().equals("SUPPRESSED") ? m.suppressed() : m.restricted()).add(hit._1());
        }
        return byPiece;
    }

    /**
     * The hashes of the contact points of every record a piece holds, each with the piece's index, read lazily (a
     * piece's hashes are never all in memory); the source is closed once read. Duplicates are left to the join.
     */
    static Iterator<Tuple2<String, Integer>> hashesOf(int piece, InputStream in, JobSpec spec, long lineOffset, byte[] secret) throws IOException {
        RecordSource source = RecordSource.open(in, spec.format(), spec.resolve().options());
        source.offsetLines(lineOffset);
        IdentifierHashes hashes = new IdentifierHashes(secret);
        return new Iterator<>() {
            private final java.util.ArrayDeque<String> pending = new java.util.ArrayDeque<>(3);
            private boolean done;

            @Override
            public boolean hasNext() {
                while (pending.isEmpty() && !done) {
                    ParsedLine line = source.next();
                    if (line == null) {
                        done = true;
                        try {
                            source.close();
                            in.close();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    } else if (!line.rejected()) {
                        ProspectRecord r = line.record();
                        for (String h : new String[] {hashes.emailHash(r.email()), hashes.phoneHash(r.phone()), hashes.addressHash(r.postalAddress())}) {
                            if (h != null) {
                                pending.add(h);
                            }
                        }
                    }
                }
                return !pending.isEmpty();
            }

            @Override
            public Tuple2<String, Integer> next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return new Tuple2<>(pending.poll(), piece);
            }
        };
    }

    /** For the Parquet path: the pieces' rows, hashed the same way. */
    static JavaPairRDD<String, Integer> ofRows(JavaRDD<String> rows, JobSpec spec, byte[] secret) {
        return rows.mapPartitionsWithIndex((i, lines) -> hashesOf(i, new PieceTask.LinesInputStream(lines), spec, 0, secret), false)
                .mapToPair(t -> t);
    }
}
