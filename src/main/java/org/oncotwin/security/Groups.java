package org.oncotwin.security;

import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** The groups of OncoTwin's users (Camunda groups; from LDAP or OIDC in production). */
public final class Groups {

    public static final String ADMINS = "camunda-admin";
    public static final String COORDINATORS = "coordinators";
    public static final String MANAGERS = "managers";
    /** Researchers: counts and pseudonymised extracts of consenting patients, never a patient's record. */
    public static final String RESEARCHERS = "researchers";

    private Groups() {
    }

    /** Physicians of a centre: they hand patients over to other centres. */
    public static String physicians(String centreId) {
        return "physicians-" + centreId;
    }

    /** Staff of a centre: they answer the referrals the centre receives. */
    public static String staff(String centreId) {
        return "staff-" + centreId;
    }

    /** The groups of a Spring Security user: its authorities GROUP_&lt;group&gt;. */
    static List<String> of(Authentication user) {
        return user.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith(SecurityConfiguration.ROLE_PREFIX))
                .map(authority -> authority.substring(SecurityConfiguration.ROLE_PREFIX.length())).toList();
    }
}
