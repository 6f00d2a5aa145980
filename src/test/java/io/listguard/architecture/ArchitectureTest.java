package io.listguard.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture as a test: the evaluation core is plain Java, and only two places touch the KIE API. */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.listguard");
    }

    @Test
    void theEvaluationCoreDoesNotDependOnSpring() {
        noClasses().that().resideInAnyPackage("io.listguard.domain..", "io.listguard.policy..", "io.listguard.evaluation..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..")
                .because("a CLI, a test or a batch worker must build and run the core without Spring")
                .check(classes);
    }

    @Test
    void onlyThePolicyCompilerAndTheEvaluationInternalsTouchTheKieApi() {
        noClasses().that().resideOutsideOfPackages("io.listguard.policy", "io.listguard.evaluation.internal")
                .should().dependOnClassesThat().resideInAnyPackage("org.kie..", "org.drools..")
                .because("controllers, services and facts must not drive KIE sessions themselves")
                .check(classes);
    }

    @Test
    void theDomainDependsOnNothingElseInListguard() {
        noClasses().that().resideInAPackage("io.listguard.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.listguard.policy..", "io.listguard.evaluation..", "io.listguard.api..", "io.listguard.config..")
                .check(classes);
    }

    @Test
    void theApiDoesNotReachIntoEvaluationInternals() {
        // the rule contract's facts and actions are the engine's; Evidence (what a records file must hold) is vocabulary
        noClasses().that().resideInAPackage("io.listguard.api..")
                .should().dependOnClassesThat(resideInAnyPackage("io.listguard.evaluation.internal..")
                        .or(resideInAnyPackage("io.listguard.rules..").and(not(type(io.listguard.rules.Evidence.class)))))
                .check(classes);
    }

    @Test
    void theConsoleAndTheApiAreSiblingsOverTheSameServices() {
        noClasses().that().resideInAPackage("io.listguard.console..")
                .should().dependOnClassesThat().resideInAnyPackage("io.listguard.api..", "io.listguard.evaluation.internal..",
                        "io.listguard.rules..")
                .because("the console renders what the services answer; it neither calls controllers nor drives the engine")
                .check(classes);
        noClasses().that().resideInAPackage("io.listguard.api..")
                .should().dependOnClassesThat().resideInAPackage("io.listguard.console..")
                .check(classes);
    }
}
