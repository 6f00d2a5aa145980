package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * An uploaded workbook is checked before it is parsed: a zip bomb, a workbook that expands to too much, one with
 * too many parts, and sheets with too many rows, columns or merged regions are refused in plain words naming the
 * file, and quickly.
 */
class WorkbookGuardTest {

    private static final String NAME = "policies/consent-regime.xlsx";
    private final WorkbookGuard guard = new WorkbookGuard();

    static byte[] bundled(String file) {
        try {
            return Files.readAllBytes(Path.of("policies", file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bundled workbook's entries, with one entry replaced (or added) by {@code size} bytes of zeros. */
    static byte[] withZeros(String entry, long size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bundled("consent-regime.xlsx")));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(9);
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(entry)) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                in.transferTo(zip);
            }
            zip.putNextEntry(new ZipEntry(entry));
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < size; written += zeros.length) {
                zip.write(zeros, 0, (int) Math.min(zeros.length, size - written));
            }
        }
        return out.toByteArray();
    }

    private List<PolicyProblem> check(byte[] bytes) {
        return guard.check(new PolicySource(NAME, bytes));
    }

    private static void refusedWith(List<PolicyProblem> problems, String words) {
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).source()).isEqualTo(NAME);
        assertThat(problems.get(0).message()).contains(words).doesNotContain("Exception");
    }

    @Test
    void theBundledWorkbooksPass() {
        for (String file : List.of("consent-regime.xlsx", "record-rules.xlsx", "campaign-obligations.xlsx", "list-quality.xlsx")) {
            assertThat(guard.check(new PolicySource("policies/" + file, bundled(file)))).as(file).isEmpty();
        }
    }

    @Test
    void aZipBombIsRefusedBeforeItIsExpanded() throws IOException {
        byte[] bomb = withZeros("xl/worksheets/sheet1.xml", 200L << 20); // 200 MB of zeros, about 200 KB compressed
        assertThat(bomb.length).isLessThan(1 << 20);

        long started = System.nanoTime();
        List<PolicyProblem> problems = check(bomb);

        refusedWith(problems, "“xl/worksheets/sheet1.xml” of this workbook expands more than 100 times its compressed size, as a zip bomb does");
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isLessThan(2_000);
    }

    @Test
    void manySmallEntriesThatExpandTooMuchInTotalAreRefused() throws IOException {
        // each entry is 1 MB, under the inflate-ratio threshold; together they expand to 60 MB
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
            zip.write("<Types/>".getBytes());
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 60; i++) {
                zip.putNextEntry(new ZipEntry("xl/media/part" + i + ".bin"));
                zip.write(zeros);
            }
        }
        refusedWith(check(out.toByteArray()), "expands to more than 50 MB once unzipped");
    }

    @Test
    void aWorkbookExpandingPastAConfiguredLimitIsRefusedEvenWhenItDoesNotCompressWell() throws IOException {
        WorkbookGuard small = new WorkbookGuard(new WorkbookGuard.Limits(3L << 20, 100, 1 << 20, 1_000, 10_000, 200, 1_000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random random = new Random(7);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            byte[] noise = new byte[1 << 20];
            for (int i = 0; i < 4; i++) {
                random.nextBytes(noise);
                zip.putNextEntry(new ZipEntry("xl/media/noise" + i + ".bin"));
                zip.write(noise);
            }
        }
        List<PolicyProblem> problems = small.check(new PolicySource(NAME, out.toByteArray()));
        refusedWith(problems, "expands to more than 3 MB");
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < 1_001; i++) {
                zip.putNextEntry(new ZipEntry("xl/part" + i + ".xml"));
                zip.write('x');
            }
        }
        refusedWith(check(out.toByteArray()), "holds more than 1000 parts");
    }

    @Test
    void filesThatAreNotXlsxAreRefusedInPlainWords() {
        refusedWith(check("id,kind\n1,PERSON\n".getBytes()), "not a zip archive");
        refusedWith(check(new byte[0]), "not a zip archive");
        byte[] xls = new byte[512];
        System.arraycopy(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1}, 0, xls, 0, 8);
        refusedWith(check(xls), "old-format (.xls) or password-protected");
        byte[] truncated = java.util.Arrays.copyOf(bundled("consent-regime.xlsx"), 3_000);
        assertThat(check(truncated)).isNotEmpty().allSatisfy(p -> {
            assertThat(p.source()).isEqualTo(NAME);
            assertThat(p.message()).contains("cannot be opened as an Excel workbook").doesNotContain("Exception");
        });
    }

    /** A workbook with one sheet, edited by {@code edit}. */
    private static byte[] workbook(java.util.function.Consumer<XSSFSheet> edit) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            XSSFSheet sheet = wb.createSheet("Régime");
            sheet.createRow(0).createCell(0).setCellValue("RuleSet");
            edit.accept(sheet);
            wb.write(out);
            return out.toByteArray();
        }
    }

    @Test
    void sheetsWithTooManyRowsColumnsOrMergedRegionsAreRefused() throws IOException {
        assertThat(check(workbook(s -> s.createRow(9_999).createCell(199).setCellValue("last allowed cell")))).isEmpty();

        List<PolicyProblem> rows = check(workbook(s -> s.createRow(10_000).createCell(0).setCellValue("too far")));
        assertThat(rows).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(NAME);
            assertThat(p.sheet()).isEqualTo("Régime");
            assertThat(p.message()).contains("reaches row 10001").contains("at most 10000 rows");
        });

        List<PolicyProblem> columns = check(workbook(s -> s.getRow(0).createCell(200).setCellValue("too wide")));
        assertThat(columns).singleElement().satisfies(p ->
                assertThat(p.message()).contains("reaches column GS (201 columns)").contains("at most 200"));

        List<PolicyProblem> merged = check(workbook(s -> {
            for (int r = 1; r <= 1_001; r++) {
                s.addMergedRegionUnsafe(new CellRangeAddress(r, r, 0, 1));
            }
        }));
        assertThat(merged).singleElement().satisfies(p -> assertThat(p.message()).contains("1001 merged cell regions"));
    }

    @Test
    void theTemplateLockRefusesAGuardedWorkbookWithoutReadingItFurther() throws IOException {
        PolicySet bundled = PolicySet.fromDirectories(Path.of("rules"), Path.of("policies"));
        TemplateLock lock = new TemplateLock(bundled);
        PolicySet candidate = bundled.with(List.of(new PolicySource(NAME, withZeros("xl/worksheets/sheet1.xml", 200L << 20))));

        long started = System.nanoTime();
        List<PolicyProblem> problems = lock.check(candidate);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(NAME);
            assertThat(p.message()).contains("zip bomb");
        });
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isLessThan(5_000);
    }

    /**
     * The print settings of the bundled workbooks (print area, rows repeated on every page) are plain references,
     * accepted however the spreadsheet writes them: LibreOffice and Excel write a sheet name with an accent
     * unquoted (Régime!$A$1:$R$26). A name that is a formula stays refused.
     */
    @Test
    void printSettingsOnASheetNamedWithAnAccentAreAccepted() throws IOException {
        byte[] unquoted;
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bundled("consent-regime.xlsx"))); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            int regime = wb.getSheetIndex("Régime");
            assertThat(wb.getAllNames()).as("the bundled workbook sets a print area").anyMatch(n -> n.getSheetIndex() == regime && n.getNameName().equals("_xlnm.Print_Area"));
            wb.getAllNames().stream().filter(n -> n.getSheetIndex() == regime)
                    .forEach(n -> n.setRefersToFormula(n.getRefersToFormula().replace("'Régime'", "Régime")));
            wb.write(out);
            unquoted = out.toByteArray();
        }
        assertThat(guard.read(new PolicySource(NAME, unquoted)).problems()).isEmpty();

        byte[] formula;
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bundled("consent-regime.xlsx"))); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            wb.getAllNames().stream().filter(n -> n.getNameName().equals("_xlnm.Print_Area")).findFirst().orElseThrow()
                    .setRefersToFormula("INDIRECT(\"Régime!A1\")");
            wb.write(out);
            formula = out.toByteArray();
        }
        assertThat(guard.read(new PolicySource(NAME, formula)).problems()).extracting(PolicyProblem::code).contains("WORKBOOK_DEFINED_NAME");
    }
}
