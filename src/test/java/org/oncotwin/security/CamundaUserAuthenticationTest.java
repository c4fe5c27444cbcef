package org.oncotwin.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.oncotwin.testing.MutableClock;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

class CamundaUserAuthenticationTest {

    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

    private final IdentityService identity = mock(IdentityService.class, RETURNS_DEEP_STUBS);
    private final MutableClock clock = new MutableClock(START);

    @BeforeEach
    void users() {
        Group coordinators = mock(Group.class);
        when(coordinators.getId()).thenReturn(Groups.COORDINATORS);
        when(identity.checkPassword("anna", "right")).thenReturn(true);
        when(identity.checkPassword("anna", "wrong")).thenReturn(false);
        when(identity.createGroupQuery().groupMember("anna").list()).thenReturn(List.of(coordinators));
    }

    @Test
    void aCheckedLoginIsTakenAgainWithoutAskingUntilItsTimeIsUp() {
        var users = users(Duration.ofSeconds(30));

        assertThat(groupsOf(users.authenticate(login("anna", "right")))).containsExactly("GROUP_coordinators");
        clock.advance(Duration.ofSeconds(29));
        assertThat(groupsOf(users.authenticate(login("anna", "right")))).containsExactly("GROUP_coordinators");
        verify(identity, times(1)).checkPassword("anna", "right");

        clock.advance(Duration.ofSeconds(2));
        users.authenticate(login("anna", "right"));
        verify(identity, times(2)).checkPassword("anna", "right");
    }

    @Test
    void aWrongPasswordIsAlwaysCheckedAndRefusedEvenRightAfterTheRightOne() {
        var users = users(Duration.ofSeconds(30));
        users.authenticate(login("anna", "right"));

        assertThatThrownBy(() -> users.authenticate(login("anna", "wrong"))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> users.authenticate(login("anna", "wrong"))).isInstanceOf(BadCredentialsException.class);
        verify(identity, times(2)).checkPassword("anna", "wrong");
    }

    @Test
    void aPasswordChangedInCamundaIsRefusedOnceTheKeptLoginRunsOut() {
        var users = users(Duration.ofSeconds(30));
        users.authenticate(login("anna", "right"));
        when(identity.checkPassword("anna", "right")).thenReturn(false);

        clock.advance(Duration.ofSeconds(31));
        assertThatThrownBy(() -> users.authenticate(login("anna", "right"))).isInstanceOf(BadCredentialsException.class);
    }

    @Test
    void zeroAsksEveryTime() {
        var users = users(Duration.ZERO);
        users.authenticate(login("anna", "right"));
        users.authenticate(login("anna", "right"));
        verify(identity, times(2)).checkPassword("anna", "right");
    }

    private CamundaUserAuthentication users(Duration kept) {
        return new CamundaUserAuthentication(identity, new SecurityProperties(Duration.ofDays(90), false, false, kept),
                clock);
    }

    private static UsernamePasswordAuthenticationToken login(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }

    private static List<String> groupsOf(org.springframework.security.core.Authentication authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }
}
