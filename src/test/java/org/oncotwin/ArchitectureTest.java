package org.oncotwin;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.oncotwin.process.Activities;
import org.oncotwin.process.BpmnErrors;
import org.oncotwin.process.Messages;
import org.oncotwin.process.ProcessKeys;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/**
 * The architecture, checked: packages without cycles, the process contract depending on no feature and being the only
 * place that reads process variables, internals package-private, and the models and the code agreeing on names.
 */
class ArchitectureTest {

    private static final String CONTRACT = "org.oncotwin.process..";
    private static final Set<String> VARIABLE_READS = Set.of("getVariable", "getVariableLocal", "getVariableTyped",
            "getVariableLocalTyped");
    /** A bean in an expression: {@code ${sendReferral}} as a delegate, {@code ${taskText.patient(execution)}}. */
    private static final Pattern BEAN_EXPRESSION = Pattern.compile(
            "delegateExpression=\"\\$\\{([a-zA-Z][a-zA-Z0-9]*)}|\\$\\{([a-zA-Z][a-zA-Z0-9]*)\\.");
    /** What expressions name that is not a bean: the engine's own objects. */
    private static final Set<String> ENGINE_NAMES = Set.of("execution", "task", "dateTime");

    private static JavaClasses production;
    private static String models;

    @BeforeAll
    static void importCode() throws IOException {
        production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.oncotwin");
        try (Stream<Path> files = Files.list(Path.of("processes"))) {
            StringBuilder text = new StringBuilder();
            for (Path file : files.filter(f -> f.toString().endsWith(".bpmn")).sorted().toList()) {
                text.append(Files.readString(file));
            }
            models = text.toString();
        }
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.oncotwin.(*)..").should().beFreeOfCycles().check(production);
    }

    @Test
    void processContractDependsOnNoFeature() {
        noClasses().that().resideInAPackage(CONTRACT).should().dependOnClassesThat()
                .resideInAnyPackage("org.oncotwin.pathway..", "org.oncotwin.referral..", "org.oncotwin.centre..",
                        "org.oncotwin.fhir..", "org.oncotwin.twin..", "org.oncotwin.dashboard..",
                        "org.oncotwin.security..", "org.oncotwin.tasklist..")
                .check(production);
    }

    @Test
    void onlyTheProcessContractReadsProcessVariables() {
        noClasses().that().resideOutsideOfPackage(CONTRACT).should().callMethodWhere(variableRead())
                .because("a variable's value is read and cast in one place, the process contract's typed facades")
                .check(production);
    }

    @Test
    void delegatesListenersAndControllersArePackagePrivate() {
        ArchRule rule = classes().that().implement(JavaDelegate.class).or().implement(ExecutionListener.class)
                .or().implement(TaskListener.class).or().areAnnotatedWith(RestController.class)
                .or().areAnnotatedWith(Controller.class)
                .should().notHaveModifier(JavaModifier.PUBLIC)
                .because("the models reach them by bean name and the web by URL; no other package needs them");
        rule.check(production);
    }

    @Test
    void everyBeanTheModelsNameExists() {
        Set<String> beans = new TreeSet<>();
        for (JavaClass type : production) {
            type.tryGetAnnotationOfType(Component.class).map(Component::value).filter(v -> !v.isEmpty())
                    .ifPresent(beans::add);
        }
        Set<String> named = new TreeSet<>();
        Matcher matcher = BEAN_EXPRESSION.matcher(models);
        while (matcher.find()) {
            String bean = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            if (!ENGINE_NAMES.contains(bean)) {
                named.add(bean);
            }
        }
        assertThat(named).as("beans named by processes/*.bpmn").contains("sendReferral", "taskText", "treatmentPlan");
        assertThat(beans).as("@Component names in org.oncotwin").containsAll(named);
    }

    @Test
    void everyNameInTheContractIsInTheModels() throws IllegalAccessException {
        for (Class<?> names : new Class<?>[] {ProcessKeys.class, Activities.class, Messages.class}) {
            for (String value : stringConstants(names)) {
                assertThat(models).as(names.getSimpleName() + " " + value).contains("id=\"" + value + "\"");
            }
        }
        // thrown by end events, or by a delegate
        assertThat(models).contains("errorCode=\"" + BpmnErrors.STEP_FAILED + "\"",
                "errorCode=\"" + BpmnErrors.STEP_CANCELLED + "\"");
    }

    @Test
    void theRawReadRuleCatchesARawRead() {
        JavaClasses offender = new ClassFileImporter().importClasses(RawRead.class);
        assertThat(noClasses().that().resideOutsideOfPackage(CONTRACT).should().callMethodWhere(variableRead())
                .evaluate(offender).hasViolation()).isTrue();
    }

    /** A delegate written the way the contract forbids: the rule above must see it. */
    static class RawRead implements JavaDelegate {
        @Override
        public void execute(org.camunda.bpm.engine.delegate.DelegateExecution execution) {
            String centre = (String) execution.getVariable("receivingCentre");
            execution.setVariable("seen", centre);
        }
    }

    private static DescribedPredicate<JavaCall<?>> variableRead() {
        return DescribedPredicate.describe("reads a process variable (getVariable, getVariableLocal, ...)",
                call -> VARIABLE_READS.contains(call.getName())
                        && (call.getTargetOwner().isAssignableTo(VariableScope.class)
                                || call.getTargetOwner().isAssignableTo(RuntimeService.class)
                                || call.getTargetOwner().isAssignableTo(TaskService.class)
                                || call.getTargetOwner().isAssignableTo(FormService.class)));
    }

    private static Set<String> stringConstants(Class<?> type) throws IllegalAccessException {
        Set<String> values = new TreeSet<>();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                values.add((String) field.get(null));
            }
        }
        return values;
    }
}
