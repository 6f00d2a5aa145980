package io.listguard.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.listguard.policy.CompiledPolicy;
import io.listguard.policy.RuleBaseAccess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The published rule contract (io.listguard.rules) is what workbooks and DRL are written against: it depends on the
 * domain and the JDK only, never on the KIE API or the engine, and the compiled rule base is reached from the
 * evaluation internals only.
 */
class RuleContractTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.listguard", "db.migration");
    }

    @Test
    void theContractHasNoKieOrDroolsType() {
        noClasses().that().resideInAPackage("io.listguard.rules..")
                .should().dependOnClassesThat().resideInAnyPackage("org.kie..", "org.drools..")
                .check(classes);
    }

    @Test
    void theContractDependsOnTheDomainAndTheJdkOnly() {
        classes().that().resideInAPackage("io.listguard.rules..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.listguard.rules..", "io.listguard.domain..", "java..")
                .check(classes);
    }

    @Test
    void theRuleBaseIsReachedFromTheEvaluationInternalsOnly() {
        noClasses().that().resideOutsideOfPackages("io.listguard.policy..", "io.listguard.evaluation.internal..")
                .should().callMethod(RuleBaseAccess.class, "kieBase", CompiledPolicy.class)
                .check(classes);
        noClasses().that().resideOutsideOfPackages("io.listguard.policy..", "io.listguard.evaluation.internal..")
                .should().dependOnClassesThat().belongToAnyOf(RuleBaseAccess.class)
                .check(classes);
    }
}
