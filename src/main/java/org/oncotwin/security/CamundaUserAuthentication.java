package org.oncotwin.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks API users against Camunda's identity service; their Camunda groups become authorities GROUP_&lt;id&gt;.
 * A stateless API client sends its password with every request; a login that was checked is taken again without
 * asking the identity service for {@code oncotwin.security.verified-login-kept} (default 30 s), so a password
 * change, a locked or removed user or a change of groups applies after at most that long. Only a keyed hash of
 * user and password is kept (the key lives in this process only); a failed login is never kept.
 */
@Component
class CamundaUserAuthentication implements AuthenticationProvider {

    private static final int MAX_KEPT = 10_000;

    private record Verified(Authentication authentication, Instant until) {
    }

    private final IdentityService identity;
    private final Duration kept;
    private final Clock clock;
    private final SecretKeySpec hashKey;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    CamundaUserAuthentication(IdentityService identity, SecurityProperties properties, Clock clock) {
        this.identity = identity;
        this.kept = properties.verifiedLoginKept();
        this.clock = clock;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.hashKey = new SecretKeySpec(key, "HmacSHA256");
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String user = authentication.getName();
        Object password = authentication.getCredentials();
        if (user == null || password == null) {
            throw new BadCredentialsException("Unknown user or wrong password");
        }
        String login = hashOf(user, password.toString());
        Instant now = clock.instant();
        Verified known = verified.get(login);
        if (known != null && now.isBefore(known.until())) {
            return known.authentication();
        }
        if (!identity.checkPassword(user, password.toString())) {
            verified.remove(login);
            throw new BadCredentialsException("Unknown user or wrong password");
        }
        List<SimpleGrantedAuthority> groups = identity.createGroupQuery().groupMember(user).list().stream()
                .map(Group::getId)
                .map(id -> new SimpleGrantedAuthority(SecurityConfiguration.ROLE_PREFIX + id))
                .toList();
        var checked = UsernamePasswordAuthenticationToken.authenticated(user, null, groups);
        if (!kept.isZero()) {
            if (verified.size() >= MAX_KEPT) {
                verified.clear();
            }
            verified.put(login, new Verified(checked, now.plus(kept)));
        }
        return checked;
    }

    private String hashOf(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(hashKey);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
