package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.bulk.XlsxFiles.ErrorCell;
import io.listguard.bulk.XlsxFiles.Formula;
import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.bulk.mapping.ProfileCheck;
import io.listguard.bulk.mapping.ProfileReader;
import io.listguard.domain.ProspectRecord;
import io.listguard.xlsx.XlsxArchive;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.FormulaError;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 5: records as an Excel workbook, read as a stream, each cell as the text it holds without guessing,
 * with the workbook guard's limits. Every workbook here is a real one, built by POI as Excel would save it.
 */
class XlsxRecordSourceTest {

    private static final List<String> HEADER = List.of("id", "kind", "email", "phone", "postal_address", "opted_out", "last_activity_on",
            "call_attempts_last_30_days");

    private static List<ParsedLine> read(byte[] xlsx) {
        return read(xlsx, ReadOptions.DEFAULT);
    }

    private static List<ParsedLine> read(byte[] xlsx, ReadOptions options) {
        return RecordSources.readAll(xlsx, RecordSource.Format.XLSX, options);
    }

    private static ReadOptions profile(String json) {
        return new ReadOptions(StandardCharsets.UTF_8, null, ProfileReader.read(json));
    }

    /** A broker's own columns: French names, OUI/NON, VRAI/FAUX, dates in dd/MM/yyyy; a title above the header. */
    private static final String BROKER_PROFILE = """
            {"name": "courtier", "headerRow": 2,
             "fields": {"id": {"column": "Réf"}, "kind": {"value": "PERSON"}, "email": {"column": "Courriel"},
                        "phone": {"column": "Téléphone", "phone": "FR"},
                        "opted_out": {"column": "Désinscrit", "values": {"OUI": "true", "NON": "false", "": "false"}},
                        "bloctel_registered": {"column": "Bloctel", "values": {"VRAI": "true", "FAUX": "false"}},
                        "last_activity_on": {"column": "Activité", "dateFormats": "dd/MM/yyyy"}},
             "consents": {"email": {"givenOn": {"column": "Opt-in", "dateFormats": ["dd/MM/yyyy", "excel"]}}}}""";

    @Test
    void eachCellIsTheTextItHoldsWithoutAGuess() {
        byte[] xlsx = XlsxFiles.workbook().sheet("Contacts", HEADER,
                List.of("r-1", "PERSON", "claire@example.org", 612345678, "12 rue des Lilas\n75011 Paris", false, LocalDate.of(2026, 3, 1), 3),
                List.of("r-2", "person", "jean@example.org", "06 12 34 56 79", "3 avenue Foch", true, LocalDate.of(1999, 12, 31), 12),
                List.of("r-3", "PERSON", "paul@example.org", "", "", "", "", 12.5)).bytes();

        List<ParsedLine> lines = read(xlsx);

        assertThat(lines).extracting(ParsedLine::line).containsExactly(2L, 3L, 4L); // sheet rows, as Excel shows them
        ProspectRecord claire = lines.get(0).record();
        assertThat(claire.phone()).as("a number as its plain digits").isEqualTo("612345678");
        assertThat(claire.postalAddress()).as("Alt+Enter: one value with its line break").isEqualTo("12 rue des Lilas\n75011 Paris");
        assertThat(claire.optedOut()).as("FALSE").isFalse();
        assertThat(claire.lastActivityOn()).as("a real date cell").isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(claire.callAttemptsLast30Days()).isEqualTo(3);
        ProspectRecord jean = lines.get(1).record();
        assertThat(jean.phone()).isEqualTo("06 12 34 56 79");
        assertThat(jean.optedOut()).isTrue();
        assertThat(jean.lastActivityOn()).isEqualTo(LocalDate.of(1999, 12, 31));
        assertThat(lines.get(1).rejected()).isFalse();
        assertThat(lines.get(2).error()).isEqualTo("call_attempts_last_30_days: ’12.5’ is not a whole number");
    }

    @Test
    void numbersAreTheirPlainDigitsAsExcelShowsThem() {
        assertThat(XlsxRecordSource.number("612345678")).isEqualTo("612345678");
        assertThat(XlsxRecordSource.number("6.12345678E8")).isEqualTo("612345678");
        assertThat(XlsxRecordSource.number("612345678.0")).isEqualTo("612345678");
        assertThat(XlsxRecordSource.number("12.5")).isEqualTo("12.5");
        assertThat(XlsxRecordSource.number("0.30000000000000004")).as("15 significant digits, as Excel shows it").isEqualTo("0.3");
        assertThat(XlsxRecordSource.number("1E+20")).isEqualTo("100000000000000000000");
        assertThat(XlsxRecordSource.number("-0")).isEqualTo("0");
        assertThat(XlsxRecordSource.number("33612345678")).isEqualTo("33612345678");
    }

    @Test
    void inlineStringsAsTheStreamingWriterWritesThemReadTheSame() {
        XlsxFiles file = XlsxFiles.workbook().sheet("Contacts", HEADER,
                List.of("r-1", "PERSON", "claire@example.org", 612345678, "12 rue des Lilas\n75011 Paris", false, LocalDate.of(2026, 3, 1), 3));
        byte[] inline = file.inlineStrings();
        assertThat(XlsxFiles.part(inline, "xl/worksheets/sheet1.xml")).contains("t=\"inlineStr\"");

        ProspectRecord fromInline = read(inline).get(0).record();
        assertThat(fromInline).isEqualTo(read(file.bytes()).get(0).record());
        assertThat(fromInline.postalAddress()).isEqualTo("12 rue des Lilas\n75011 Paris");
    }

    @Test
    void blankCellsAreAbsentFromTheXmlAndCellsAreAlignedByTheirReference() {
        List<Object> gaps = new ArrayList<>(List.of("r-1", "PERSON"));
        gaps.add(null); // no email cell at all
        gaps.add(null);
        gaps.add(null);
        gaps.add("oui");
        gaps.add(null);
        gaps.add(2);
        byte[] xlsx = XlsxFiles.workbook().sheet("Contacts", HEADER, gaps).bytes();
        assertThat(XlsxFiles.part(xlsx, "xl/worksheets/sheet1.xml")).doesNotContain("r=\"C2\"");

        ProspectRecord record = read(xlsx).get(0).record();
        assertThat(record.email()).isNull();
        assertThat(record.optedOut()).as("F2 read as F2, not shifted onto C").isTrue();
        assertThat(record.callAttemptsLast30Days()).isEqualTo(2);
    }

    @Test
    void theHeaderIsOnTheProfilesRowUnderATitleAndRealDatesAndBooleansNeedNoWordsOfTheProfile() {
        byte[] xlsx = XlsxFiles.workbook().sheet("Export",
                List.of("Export du 02/12/2026"),
                List.of("Réf", "Courriel", "Téléphone", "Désinscrit", "Bloctel", "Activité", "Opt-in"),
                List.of("C-1", "a@example.org", 612345678, "NON", false, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 2, 1)),
                List.of("C-2", "b@example.org", "0612345679", "OUI", "VRAI", "01/03/2026", 46065),
                List.of("C-3", "c@example.org", "", "", true, "2026-03-01", "31/02/2026")).bytes();

        List<ParsedLine> lines = read(xlsx, profile(BROKER_PROFILE));

        assertThat(lines).extracting(ParsedLine::line).containsExactly(3L, 4L, 5L);
        ProspectRecord a = lines.get(0).record();
        assertThat(a.phone()).as("the leading zero Excel dropped, restored by the profile").isEqualTo("0612345678");
        assertThat(a.bloctelRegistered()).as("a FALSE cell (FAUX in French Excel) is false, whatever words the profile lists").isFalse();
        assertThat(a.lastActivityOn()).as("a real date cell, whatever the profile's dateFormats").isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(a.consents()).singleElement().satisfies(c -> assertThat(c.givenOn()).isEqualTo(LocalDate.of(2026, 2, 1)));
        ProspectRecord b = lines.get(1).record();
        assertThat(b.optedOut()).isTrue();
        assertThat(b.bloctelRegistered()).as("the word VRAI typed as text, through the profile's values").isTrue();
        assertThat(b.lastActivityOn()).as("text in the profile's format").isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(b.consents().get(0).givenOn()).as("a General number read with the profile's excel format").isEqualTo(LocalDate.of(2026, 2, 12));
        // text that looks ISO is not a date cell: the profile's format decides, and every problem of the row is given at once
        assertThat(lines.get(2).error()).isEqualTo("last_activity_on (column ’Activité’): ’2026-03-01’ is not a date in dd/MM/yyyy; "
                + "consent_email_given_on (column ’Opt-in’): ’31/02/2026’ is not a date in dd/MM/yyyy, excel");
    }

    @Test
    void aFormulaOrAnErrorIsAProblemOfItsRowNamingTheCellAndTheRestOfTheFileIsRead() {
        byte[] xlsx = XlsxFiles.workbook().sheet("Contacts", List.of("id", "kind", "email", "opted_out", "job_function", "note"),
                List.of("r-1", "PERSON", "a@example.org", "false", "IT", "ok"),
                List.of("r-2", "PERSON", new Formula("LOWER(\"B@EXAMPLE.ORG\")"), new ErrorCell(FormulaError.NA), "ROBOT?", "x"),
                List.of("r-3", "ROBOT", "c@example.org", "false", "IT", new Formula("1+1")),
                List.of("r-4", "PERSON", "d@example.org", "true", "IT", "")).bytes();

        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(xlsx), RecordSource.Format.XLSX, ReadOptions.DEFAULT)) {
            assertThat(source.warnings()).containsExactly("unknown column ’note’ is ignored");
            List<ParsedLine> lines = new ArrayList<>();
            ParsedLine line;
            while ((line = source.next()) != null) {
                lines.add(line);
            }
            assertThat(lines).extracting(ParsedLine::line).containsExactly(2L, 3L, 4L, 5L);
            assertThat(lines.get(0).rejected()).isFalse();
            assertThat(lines.get(1).error()).isEqualTo("cell C3 (column ’email’) holds a formula; listguard reads values only: copy the column and "
                    + "paste its values (Paste Special, Values); cell D3 (column ’opted_out’) holds the error #N/A, not a value: correct it in the workbook");
            // a formula in a column no one reads is ignored, as its column is; the row's own problem remains
            assertThat(lines.get(2).error()).isEqualTo("kind: ’ROBOT’ is not one of PERSON, GENERIC_ADDRESS");
            assertThat(lines.get(3).record().optedOut()).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void withAProfileAFormulaNamesTheBrokersColumnAndEveryOtherProblemOfTheRowComesWithIt() {
        byte[] xlsx = XlsxFiles.workbook().sheet("Export",
                List.of("Export"),
                List.of("Réf", "Courriel", "Téléphone", "Désinscrit", "Bloctel", "Activité", "Opt-in"),
                List.of("C-1", "a@example.org", "", new Formula("IF(B3=\"\",\"OUI\",\"NON\")"), "PEUT-ÊTRE", "31/02/2026", "")).bytes();

        ParsedLine line = read(xlsx, profile(BROKER_PROFILE)).get(0);

        assertThat(line.line()).isEqualTo(3);
        assertThat(line.error()).isEqualTo("cell D3 (column ’Désinscrit’) holds a formula; listguard reads values only: copy the column and paste "
                + "its values (Paste Special, Values); bloctel_registered (column ’Bloctel’): ’PEUT-ÊTRE’ is not one of the values the profile "
                + "lists (’VRAI’, ’FAUX’); last_activity_on (column ’Activité’): ’31/02/2026’ is not a date in dd/MM/yyyy");
    }

    @Test
    void controlCharactersInCellsAreRefusedAsInACsvFile() {
        byte[] built = XlsxFiles.workbook().sheet("Contacts", List.of("id", "kind", "email", "postal_address"),
                List.of("r#NUL#1", "PERSON", "a@example.org", "1 rue\n75001 Paris"),
                List.of("r-2", "PERSON", "b@example.org\tc@example.org", ""),
                List.of("r-3", "PERSON", "c@example.org\n", ""),
                List.of("r_x005F_x0041_4", "PERSON", "d@example.org", "")).bytes();
        // Excel writes a character XML cannot hold as _xHHHH_ (POI's writer would write '?')
        byte[] xlsx = XlsxFiles.withPart(built, "xl/sharedStrings.xml",
                XlsxFiles.part(built, "xl/sharedStrings.xml").replace("#NUL#", "_x0000_").getBytes(StandardCharsets.UTF_8));

        List<ParsedLine> lines = read(xlsx);

        List<ParsedLine> csv = new ArrayList<>();
        String text = "id,kind,email,postal_address\n\"r\u00001\",PERSON,a@example.org,\"1 rue\n75001 Paris\"\nr-2,PERSON,\"b@example.org\tc@example.org\",\n"
                + "r-3,PERSON,\"c@example.org\n\",\n"
                + "r_x0041_4,PERSON,d@example.org,\n";
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), RecordSource.Format.CSV)) {
            ParsedLine l;
            while ((l = source.next()) != null) {
                csv.add(l);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(lines).extracting(ParsedLine::error).containsExactlyElementsOf(csv.stream().map(ParsedLine::error).toList());
        assertThat(lines.subList(0, 3)).allSatisfy(line -> assertThat(line.error()).contains("contains a control character"));
        assertThat(lines.get(0).error()).startsWith("id contains a control character (U+0000)");
        assertThat(lines.get(3).record().id()).as("an escaped underscore: the text itself").isEqualTo("r_x0041_4");
    }

    @Test
    void theFirstVisibleSheetIsReadUnlessAnotherIsNamedAndAnUnknownSheetIsRefusedNamingTheSheets() {
        byte[] xlsx = XlsxFiles.workbook()
                .sheet("Notes", List.of("not a header"))
                .sheet("Clients", List.of("id", "kind"), List.of("k-1", "PERSON"))
                .sheet("Prospects", List.of("id", "kind"), List.of("p-1", "PERSON"), List.of("p-2", "PERSON"))
                .hidden("Notes").bytes();

        assertThat(read(xlsx)).extracting(l -> l.record().id()).containsExactly("k-1");
        assertThat(read(xlsx, ReadOptions.DEFAULT.withSheet("Prospects"))).extracting(l -> l.record().id()).containsExactly("p-1", "p-2");
        assertThat(read(xlsx, ReadOptions.DEFAULT.withSheet("prospects"))).as("as Excel matches names").hasSize(2);
        assertThatThrownBy(() -> read(xlsx, ReadOptions.DEFAULT.withSheet("Feuil1"))).isInstanceOf(BulkFormatException.class)
                .hasMessage("this workbook has no sheet ’Feuil1’; its sheets are ’Notes’, ’Clients’, ’Prospects’. Name one of them "
                        + "(format.sheet in the bulk request, \"sheet\" in the profile, --sheet on the command line)");
        // the profile's sheet, when the options name none
        String profile = "{\"name\": \"p\", \"sheet\": \"Prospects\", \"fields\": {\"id\": {\"column\": \"id\"}, \"kind\": {\"column\": \"kind\"}}}";
        BulkHeader header = new BulkHeader(null, null, null);
        assertThat(read(xlsx, header.readOptions(ProfileReader.read(profile), RecordSource.Format.XLSX))).hasSize(2);
        BulkHeader named = new BulkHeader(null, null, new RecordsFormat(null, null, null, null, "Clients"));
        assertThat(read(xlsx, named.readOptions(ProfileReader.read(profile), RecordSource.Format.XLSX))).as("the request wins").hasSize(1);
    }

    @Test
    void aMultiLineCellIsOneRecordAndTheVerdictLineIsTheSheetRow() {
        byte[] xlsx = XlsxFiles.workbook().sheet("Contacts", List.of("id", "kind", "postal_address", "job_function"),
                List.of("r-1", "PERSON", "Bât. B\n12 rue des Lilas\n75011 Paris", "IT"),
                List.of("r-2", "PERSON", "3 avenue Foch", "IT")).bytes();

        List<ParsedLine> lines = read(xlsx);
        assertThat(lines).extracting(ParsedLine::line).containsExactly(2L, 3L);
        assertThat(lines.get(0).record().postalAddress()).isEqualTo("Bât. B\n12 rue des Lilas\n75011 Paris");
    }

    @Test
    void blankRowsAreSkippedValuesRightOfTheHeaderAreOneWarningAndGzipIsRead() throws IOException {
        List<Object> wide = new ArrayList<>(List.of("r-3", "PERSON"));
        wide.add(null);
        wide.add("a note without a column");
        byte[] xlsx = XlsxFiles.workbook().sheet("Contacts", List.of("id", "kind"), List.of("r-1", "PERSON"), null, List.of("  ", ""), wide)
                .bytes();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(xlsx);
        }
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(gz.toByteArray()), RecordSource.Format.XLSX, ReadOptions.DEFAULT)) {
            assertThat(source.next().line()).isEqualTo(2);
            ParsedLine wideLine = source.next();
            assertThat(wideLine.line()).isEqualTo(5);
            assertThat(wideLine.record().id()).isEqualTo("r-3");
            assertThat(source.next()).isNull();
            assertThat(source.fractionRead()).isEqualTo(1.0);
            assertThat(source.warnings()).containsExactly("the sheet ’Contacts’ has values right of its header’s last column B "
                    + "(the first in cell D5): they have no column name and are ignored");
        }
    }

    @Test
    void theBrokerFilesFormatIsReadWithTheSameSeamAsCsvColumnsAndWarnings() throws IOException {
        byte[] xlsx = XlsxFiles.workbook().sheet("Contacts", List.of("id", "kind", "optedout")).bytes();
        assertThatThrownBy(() -> read(xlsx)).isInstanceOf(BulkFormatException.class).hasMessageContaining("’optedout’ is not a column; did you mean ’opted_out’?");
        byte[] noKind = XlsxFiles.workbook().sheet("Contacts", List.of("id", "email")).bytes();
        assertThatThrownBy(() -> read(noKind)).isInstanceOf(BulkFormatException.class).hasMessageContaining("the header lacks the required column(s) kind");
        byte[] empty = XlsxFiles.workbook().sheet("Vide", List.of()).bytes();
        assertThatThrownBy(() -> read(empty)).isInstanceOf(BulkFormatException.class).hasMessage("the sheet ’Vide’ has no header row: no row at or below row 1 holds a value");
        byte[] formulaHeader = XlsxFiles.workbook().sheet("Contacts", List.of("id", new Formula("\"kind\""))).bytes();
        assertThatThrownBy(() -> read(formulaHeader)).isInstanceOf(BulkFormatException.class).hasMessageStartingWith("the header cell B1 holds a formula");
        byte[] ok = XlsxFiles.workbook().sheet("Contacts", List.of("id", "kind", "email", "extra")).bytes();
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(ok), RecordSource.Format.XLSX, ReadOptions.DEFAULT)) {
            assertThat(source.columns()).containsExactly("id", "kind", "email");
            assertThat(source.next()).isNull();
        }
    }

    @Test
    void aZipBombAnOle2XlsAPasswordProtectedFileAndANotZipAreRefusedBeforeAnythingIsParsed() throws IOException {
        byte[] good = XlsxFiles.workbook().sheet("Contacts", List.of("id", "kind"), List.of("r-1", "PERSON")).bytes();
        byte[] zeros = new byte[1 << 20];
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bomb); java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(good))) {
            zip.setLevel(9);
            java.util.zip.ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    for (int i = 0; i < 200; i++) {
                        zip.write(zeros); // 200 MB of zeros, about 200 KB compressed
                    }
                } else {
                    in.transferTo(zip);
                }
            }
        }
        assertThat(bomb.size()).isLessThan(1 << 20);
        assertThatThrownBy(() -> read(bomb.toByteArray())).isInstanceOf(BulkFormatException.class)
                .hasMessage("the part ’xl/worksheets/sheet1.xml’ of this workbook expands more than 100 times its compressed size, as a zip bomb "
                        + "does; no spreadsheet does that. It is refused without being read");
        XlsxArchive.Limits small = new XlsxArchive.Limits(2_000, 100, 1 << 20, 10_000);
        assertThatThrownBy(() -> read(good, ReadOptions.DEFAULT.withWorkbookLimits(small))).isInstanceOf(BulkFormatException.class)
                .hasMessageStartingWith("this workbook expands to more than 2,000 bytes once unzipped");

        ByteArrayOutputStream xls = new ByteArrayOutputStream();
        try (HSSFWorkbook old = new HSSFWorkbook()) {
            old.createSheet("Contacts").createRow(0).createCell(0).setCellValue("id");
            old.write(xls);
        }
        assertThatThrownBy(() -> read(xls.toByteArray())).isInstanceOf(BulkFormatException.class)
                .hasMessageStartingWith("this file is not an .xlsx workbook: it is an old-format (.xls) or password-protected Excel file");
        assertThatThrownBy(() -> read("id,kind\nr-1,PERSON\n".getBytes(StandardCharsets.UTF_8))).isInstanceOf(BulkFormatException.class)
                .hasMessageStartingWith("this file cannot be read as an Excel workbook (.xlsx): it is not a zip archive");
        assertThatThrownBy(() -> read(java.util.Arrays.copyOf(good, good.length / 2))).isInstanceOf(BulkFormatException.class)
                .hasMessageStartingWith("this file cannot be read as an Excel workbook (.xlsx): its zip archive is damaged or cut short");
        ByteArrayOutputStream plainZip = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(plainZip)) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> read(plainZip.toByteArray())).isInstanceOf(BulkFormatException.class)
                .hasMessageStartingWith("this zip archive is not an Excel workbook (.xlsx)");
    }

    @Test
    void aWorkbookWithMacrosOrAnEmbeddedObjectIsRefusedSayingWhy() {
        byte[] good = XlsxFiles.workbook().sheet("Contacts", List.of("id", "kind"), List.of("r-1", "PERSON")).bytes();
        assertThatThrownBy(() -> read(XlsxFiles.withPart(good, "xl/vbaProject.bin", "not really VBA".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(BulkFormatException.class).hasMessageStartingWith("this workbook holds macros (part xl/vbaProject.bin)");
        String types = XlsxFiles.part(good, "[Content_Types].xml").replace("sheet.main+xml", "sheet.macroEnabled.main+xml");
        assertThatThrownBy(() -> read(XlsxFiles.withPart(good, "[Content_Types].xml", types.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(BulkFormatException.class).hasMessageStartingWith("this workbook holds macros (part [Content_Types].xml)");
        assertThatThrownBy(() -> read(XlsxFiles.withPart(good, "xl/embeddings/oleObject1.bin", "OLE".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(BulkFormatException.class).hasMessageStartingWith("this workbook holds an embedded object or a form control");
    }

    /**
     * The precheck refuses what can be known before a job: the archive, the sheet, its header. A sheet's XML damaged
     * further down (a file written wrong: the archive's checksums hold) stops the reading at its row, with a refusal of
     * the whole file that a job turns into a failure without verdicts.
     */
    @Test
    void aDamagedSheetStopsTheReadingAtItsRowAndADamagedHeaderIsRefusedByThePrecheck() {
        byte[] good = XlsxFiles.workbook().sheet("Contacts", List.of("id", "kind"), List.of("r-1", "PERSON"), List.of("r-2", "PERSON")).bytes();
        String sheet = XlsxFiles.part(good, "xl/worksheets/sheet1.xml");
        byte[] cut = XlsxFiles.withPart(good, "xl/worksheets/sheet1.xml", sheet.substring(0, sheet.indexOf("<row r=\"3\"") + 20).getBytes(StandardCharsets.UTF_8));
        RecordSource.precheck(new ByteArrayInputStream(cut), RecordSource.Format.XLSX, ReadOptions.DEFAULT); // its header is whole
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(cut), RecordSource.Format.XLSX, ReadOptions.DEFAULT)) {
            assertThat(source.next().record().id()).isEqualTo("r-1");
            assertThatThrownBy(source::next).isInstanceOf(BulkFormatException.class)
                    .hasMessageStartingWith("the sheet ’Contacts’ cannot be read at row 3: its XML is damaged");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] badString = XlsxFiles.withPart(good, "xl/worksheets/sheet1.xml", sheet.replace("<v>3</v>", "<v>99</v>").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> read(badString)).isInstanceOf(BulkFormatException.class).hasMessageContaining("refers to shared string 99");
        byte[] tooFar = XlsxFiles.withPart(good, "xl/worksheets/sheet1.xml", sheet.replace("<row r=\"3\"", "<row r=\"1048577\"")
                .replace("r=\"A3\"", "r=\"A1048577\"").replace("r=\"B3\"", "r=\"B1048577\"").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> read(tooFar)).isInstanceOf(BulkFormatException.class)
                .hasMessageStartingWith("the sheet ’Contacts’ has a row 1048577, past Excel’s last row 1048576");
        byte[] backwards = XlsxFiles.withPart(good, "xl/worksheets/sheet1.xml", sheet.replace("<row r=\"3\"", "<row r=\"2\"")
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> read(backwards)).isInstanceOf(BulkFormatException.class).hasMessageContaining("has its row 2 after its row 2");
        byte[] header = XlsxFiles.withPart(good, "xl/worksheets/sheet1.xml", sheet.substring(0, sheet.indexOf("<row r=\"1\"") + 25)
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RecordSource.precheck(new ByteArrayInputStream(header), RecordSource.Format.XLSX, ReadOptions.DEFAULT))
                .isInstanceOf(BulkFormatException.class).hasMessageStartingWith("the sheet ’Contacts’ cannot be read at row 1");
        byte[] doctype = XlsxFiles.withPart(good, "xl/worksheets/sheet1.xml", ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + sheet.substring(sheet.indexOf("<worksheet"))).replaceFirst("<c r=\"A2\"[^>]*>", "<c r=\"A2\" t=\"inlineStr\"><is><t>&e;</t></is></c><c r=\"Z2\">")
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> read(doctype)).as("no DTD, no external entity").isInstanceOf(BulkFormatException.class)
                .hasMessageNotContaining("root:");
        RecordSource.precheck(new ByteArrayInputStream(good), RecordSource.Format.XLSX, ReadOptions.DEFAULT);
    }

    @Test
    void theFileNameTellsAnXlsxAndAnotherExcelFileIsRefusedSayingToSaveItAsXlsx() {
        assertThat(RecordSource.formatOf("Export DataPlus.XLSX")).isEqualTo(RecordSource.Format.XLSX);
        assertThat(RecordSource.formatOf("export.xlsx.gz")).isEqualTo(RecordSource.Format.XLSX);
        assertThatThrownBy(() -> RecordSource.formatOf("export.xls")).isInstanceOf(BulkFormatException.class)
                .hasMessage("’export.xls’ is an Excel file of another kind (.xls): listguard reads records from .xlsx workbooks. Open it in Excel and "
                        + "save it as “Excel Workbook (.xlsx)”, then upload that file");
        assertThatThrownBy(() -> RecordSource.formatOf("export.xlsm")).isInstanceOf(BulkFormatException.class).hasMessageContaining("(.xlsm)");
    }

    @Test
    void aCharsetOrSeparatorDeclaredForAnXlsxAndASheetForACsvAreRequestErrorsAndAProfilesOwnAreLeftAside() {
        MappingProfile profile = ProfileReader.read(BrokerFile.PROFILE); // separator ; and charset windows-1252, for the broker's CSV
        ReadOptions options = new BulkHeader(null, null, null).readOptions(profile, RecordSource.Format.XLSX);
        assertThat(options.charset()).isEqualTo(StandardCharsets.UTF_8);
        assertThat(options.separator()).isNull();

        BulkHeader declared = new BulkHeader(null, null, new RecordsFormat("windows-1252", ";", null, null, null));
        assertThatThrownBy(() -> declared.readOptions(profile, RecordSource.Format.XLSX))
                .isInstanceOfSatisfying(io.listguard.evaluation.InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(io.listguard.domain.Violation::path).containsExactly("request.format.charset", "request.format.separator"));
        BulkHeader sheet = new BulkHeader(null, null, new RecordsFormat(null, null, null, null, "Contacts"));
        assertThatThrownBy(() -> sheet.readOptions(profile, RecordSource.Format.CSV))
                .isInstanceOfSatisfying(io.listguard.evaluation.InvalidRequestException.class, e -> assertThat(e.violations()).singleElement()
                        .satisfies(v -> assertThat(v.message()).isEqualTo("format.sheet (’Contacts’) applies to .xlsx workbooks only, and this file is not one: leave it out")));
        assertThat(sheet.readOptions(profile, RecordSource.Format.XLSX).sheet()).isEqualTo("Contacts");
    }

    @Test
    void aProfilesSheetIsCheckedAsExcelNamesSheets() {
        String base = "{\"name\": \"p\", \"fields\": {\"id\": {\"column\": \"id\"}, \"kind\": {\"value\": \"PERSON\"}}, \"sheet\": ";
        assertThat(ProfileCheck.problems(ProfileReader.parse(base + "\"Export B2C\"}"))).isEmpty();
        for (String bad : List.of("\"\"", "\"a/b\"", "\"Feuille[1]\"", "\"'quoted'\"", "\"" + "x".repeat(32) + "\"")) {
            assertThat(ProfileCheck.problems(ProfileReader.parse(base + bad + "}"))).as(bad).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("sheet");
                assertThat(p.code()).isEqualTo("profile.sheet.invalid");
            });
        }
    }

    @Test
    void theTemporaryCopiesAreDeletedOnClose() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = count(tmp);
        byte[] xlsx = XlsxFiles.workbook().sheet("Contacts", List.of("id", "kind"), List.of("r-1", "PERSON")).bytes();
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(xlsx), RecordSource.Format.XLSX, ReadOptions.DEFAULT)) {
            assertThat(count(tmp)).isEqualTo(before + 2); // the upload and its shared strings
            source.next();
        }
        assertThat(count(tmp)).isEqualTo(before);
        assertThatThrownBy(() -> read(xlsx, ReadOptions.DEFAULT.withSheet("none"))).isInstanceOf(BulkFormatException.class);
        assertThat(count(tmp)).as("nor left behind by a refusal").isEqualTo(before);
    }

    private static long count(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("listguard-records-") || p.getFileName().toString().startsWith("listguard-strings-"))
                    .count();
        }
    }
}
