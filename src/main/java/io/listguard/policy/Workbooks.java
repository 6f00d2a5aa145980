package io.listguard.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Reading a workbook's tables where an unreadable file is an ordinary, reportable failure. */
final class Workbooks {

    private Workbooks() {
    }

    /** The tables with their values as Drools reads them ({@link DecisionTable#normalised()}). */
    static List<DecisionTable> tables(PolicySource source) {
        try {
            return DecisionTable.normalised(DecisionTableReader.read(source));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
