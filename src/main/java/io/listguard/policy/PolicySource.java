package io.listguard.policy;

import java.util.Locale;

/**
 * One policy file as the engine receives it: its display name (such as {@code policies/consent-regime.xlsx},
 * used in traces and errors) and its bytes.
 */
public record PolicySource(String name, byte[] content) {

    /**
     * Workbooks and DRL make the rule base; scenarios (JSON files, and scenario workbooks under
     * {@code policies/scenarios/}) are the business tests kept beside them.
     */
    public enum Kind { DECISION_TABLE, DRL, SCENARIO }

    /** Where scenarios live: JSON files and scenario workbooks. */
    public static final String SCENARIO_FOLDER = "policies/scenarios/";

    public PolicySource {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a policy source needs a name");
        }
        content = content.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The file name without its folder, e.g. {@code consent-regime.xlsx}. */
    public String fileName() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? name : name.substring(slash + 1);
    }

    public Kind kind() {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".xlsx")) {
            return name.startsWith(SCENARIO_FOLDER) ? Kind.SCENARIO : Kind.DECISION_TABLE;
        }
        if (lower.endsWith(".drl")) {
            return Kind.DRL;
        }
        if (lower.endsWith(".json")) {
            return Kind.SCENARIO;
        }
        throw new io.listguard.domain.InvalidArgumentException("policy.source.kind", name);
    }

    public int size() {
        return content.length;
    }

    /** True for a scenario workbook ({@code policies/scenarios/*.xlsx}), read by the scenario package, not compiled. */
    public boolean isScenarioWorkbook() {
        return kind() == Kind.SCENARIO && name.toLowerCase(Locale.ROOT).endsWith(".xlsx");
    }

    /**
     * The canonical name for an uploaded file: workbooks under policies/, DRL under rules/, scenarios (JSON, and
     * workbooks whose name contains "scenario", such as scenarios.xlsx) under policies/scenarios/.
     */
    public static String canonicalName(String uploadedFileName) {
        String file = uploadedFileName.replace('\\', '/');
        file = file.substring(file.lastIndexOf('/') + 1);
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".xlsx")) {
            return (lower.contains("scenario") ? SCENARIO_FOLDER : "policies/") + file;
        }
        if (lower.endsWith(".drl")) {
            return "rules/" + file;
        }
        if (lower.endsWith(".json")) {
            return "policies/scenarios/" + file;
        }
        throw new io.listguard.domain.InvalidArgumentException("policy.source.kind", file);
    }

    byte[] bytes() {
        return content;
    }
}
