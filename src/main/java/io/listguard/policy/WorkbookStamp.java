package io.listguard.policy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.poi.ooxml.POIXMLProperties;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.openxmlformats.schemas.officeDocument.x2006.customProperties.CTProperty;

/**
 * The version a handed-out workbook came from, kept in the workbook itself as the custom document property
 * {@value #PROPERTY} (Excel shows it under File, Info, Properties, Advanced). Every download is stamped; an
 * upload that carries the property is merged three-way with the version it names as base. The stored file is
 * never stamped: only the copy handed out is.
 */
public final class WorkbookStamp {

    public static final String PROPERTY = "listguard.baseVersion";

    private WorkbookStamp() {
    }

    /** A copy of the workbook that records {@code versionId} as its base; everything else is kept. */
    public static byte[] stamp(byte[] workbook, String versionId) {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            POIXMLProperties.CustomProperties custom = wb.getProperties().getCustomProperties();
            CTProperty existing = custom.getProperty(PROPERTY);
            if (existing != null) {
                existing.setLpwstr(versionId);
            } else {
                custom.addProperty(PROPERTY, versionId);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(workbook.length + 1024);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version recorded in a workbook, if any (an unreadable workbook records none). */
    public static Optional<String> baseVersion(byte[] workbook) {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            CTProperty property = wb.getProperties().getCustomProperties().getProperty(PROPERTY);
            if (property == null || !property.isSetLpwstr() || property.getLpwstr().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(property.getLpwstr().strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
