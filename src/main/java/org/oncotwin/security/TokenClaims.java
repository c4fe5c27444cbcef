package org.oncotwin.security;

import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.util.StringUtils;

/** Who a token of the provider names, and their groups as authorities GROUP_&lt;group&gt;, from the configured claims. */
class TokenClaims {

    private final String userNameClaim;
    private final String groupsClaim;

    TokenClaims(OidcProperties properties) {
        this.userNameClaim = properties.userNameClaim();
        this.groupsClaim = properties.groupsClaim();
    }

    /** The claim that names the user in these claims: the configured one, else {@code sub}. */
    String userNameClaimOf(ClaimAccessor claims) {
        return StringUtils.hasText(claims.getClaimAsString(userNameClaim)) ? userNameClaim : JwtClaimNames.SUB;
    }

    String userName(ClaimAccessor claims) {
        return claims.getClaimAsString(userNameClaimOf(claims));
    }

    List<GrantedAuthority> groups(ClaimAccessor claims) {
        List<String> groups = claims.getClaimAsStringList(groupsClaim);
        if (groups == null) {
            return List.of();
        }
        return groups.stream().<GrantedAuthority>map(
                group -> new SimpleGrantedAuthority(SecurityConfiguration.ROLE_PREFIX + group)).toList();
    }
}
