package org.oncotwin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.oncotwin.process.VariableNames.COORDINATING_CENTRE;
import static org.oncotwin.process.VariableNames.RECEIVING_CENTRE;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oncotwin.centre.CentreTestSupport;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The need-to-know decision reuses a patient's pathways read a moment ago, but never to refuse. */
class PatientAccessTest {

    private static final String TWIN = "twin-1";
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private final HistoryService history = mock(HistoryService.class, RETURNS_DEEP_STUBS);
    private final AccessRecords records = mock(AccessRecords.class);
    private PatientAccess access;

    @BeforeEach
    void access() {
        access = new PatientAccess(history, mock(IdentityService.class), CentreTestSupport.demoDirectory(), records,
                mock(AccessRecordDelivery.class), new SecurityProperties(Duration.ofDays(90), false, false, Duration.ofSeconds(30)),
                Clock.fixed(NOW, ZoneOffset.UTC));
        var instances = List.of(instance("pathway", null), instance("step", "pathway"));
        when(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(TWIN).list())
                .thenReturn(instances);
    }

    @Test
    void aCentreReferredToAMomentAfterARefusalSeesThePatientAtOnce() {
        var beforeTheReferral = List.of(variable("pathway", COORDINATING_CENTRE, "leipzig"));
        var afterIt = List.of(variable("pathway", COORDINATING_CENTRE, "leipzig"),
                variable("step", RECEIVING_CENTRE, "dresden"));
        when(history.createHistoricVariableInstanceQuery().processInstanceIdIn(any(String[].class)).variableNameIn(any(String[].class)).list())
                .thenReturn(beforeTheReferral).thenReturn(afterIt);

        assertThatThrownBy(() -> access.requireRead(reader("dresden-staff"), TWIN, "twin timeline"))
                .isInstanceOf(PatientAccessDeniedException.class);
        access.requireRead(reader("dresden-staff"), TWIN, "twin timeline");

        verify(records, times(2)).add(anyString(), any(), any());
    }

    @Test
    void readsOfAPatientWithinSecondsAskTheHistoryOnce() {
        var asked = new AtomicInteger();
        var variables = List.of(variable("pathway", COORDINATING_CENTRE, "leipzig"),
                variable("step", RECEIVING_CENTRE, "dresden"));
        when(history.createHistoricVariableInstanceQuery().processInstanceIdIn(any(String[].class)).variableNameIn(any(String[].class)).list())
                .thenAnswer(invocation -> {
                    asked.incrementAndGet();
                    return variables;
                });

        access.requireRead(reader("dresden-staff"), TWIN, "twin timeline");
        access.requireRead(reader("dresden-staff"), TWIN, "pathway state");

        assertThat(asked).hasValue(1);
        verify(records, times(2)).add(anyString(), any(), any());
    }

    @Test
    void aReadThatCannotBeRecordedIsRefusedWithoutTheDatabasesMessage() {
        var referred = List.of(variable("step", RECEIVING_CENTRE, "dresden"));
        when(history.createHistoricVariableInstanceQuery().processInstanceIdIn(any(String[].class))
                .variableNameIn(any(String[].class)).list()).thenReturn(referred);
        org.mockito.Mockito.doThrow(new org.springframework.dao.DataAccessResourceFailureException(
                "Connection to db-host-7:5432 refused")).when(records).add(anyString(), any(), any());

        assertThatThrownBy(() -> access.requireRead(reader("dresden-staff"), TWIN, "twin timeline"))
                .isInstanceOf(ReadNotRecordedException.class).message().doesNotContain("db-host-7");
    }

    private static PatientAccess.Reader reader(String user) {
        String group = user.replace("dresden-staff", Groups.staff("dresden"));
        return new PatientAccess.Reader(UsernamePasswordAuthenticationToken.authenticated(user, null,
                List.of(new SimpleGrantedAuthority(SecurityConfiguration.ROLE_PREFIX + group))), "10.0.0.1", null);
    }

    private static HistoricProcessInstance instance(String id, String superInstance) {
        HistoricProcessInstance instance = mock(HistoricProcessInstance.class);
        when(instance.getId()).thenReturn(id);
        when(instance.getSuperProcessInstanceId()).thenReturn(superInstance);
        when(instance.getRootProcessInstanceId()).thenReturn(superInstance == null ? id : superInstance);
        when(instance.getStartTime()).thenReturn(Date.from(NOW.minusSeconds(60)));
        return instance;
    }

    private static HistoricVariableInstance variable(String instance, String name, Object value) {
        HistoricVariableInstance variable = mock(HistoricVariableInstance.class);
        when(variable.getProcessInstanceId()).thenReturn(instance);
        when(variable.getName()).thenReturn(name);
        when(variable.getValue()).thenReturn(value);
        return variable;
    }
}
