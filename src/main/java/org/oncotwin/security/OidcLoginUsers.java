package org.oncotwin.security;

import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * A person who logged in at the provider: named by the user-name claim, with the groups of the groups claim (from the
 * ID token or the user info). They need not exist in Camunda's tables.
 */
class OidcLoginUsers implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService provider = new OidcUserService();
    private final TokenClaims claims;

    OidcLoginUsers(TokenClaims claims) {
        this.claims = claims;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = provider.loadUser(request);
        return new DefaultOidcUser(claims.groups(user), user.getIdToken(), user.getUserInfo(),
                claims.userNameClaimOf(user));
    }
}
