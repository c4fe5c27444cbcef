package org.oncotwin.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Single sign-on with the hospital's OpenID Connect provider; off unless {@code issuer-uri} is set.
 *
 * @param issuerUri     the provider's issuer: OncoTwin reads its discovery document at start, and tokens must name it
 * @param clientId      OncoTwin's client at the provider
 * @param clientSecret  the client's secret (from the environment only)
 * @param groupsClaim   the claim of ID and access tokens that lists the user's groups (ids as in docs/security.md)
 * @param userNameClaim the claim that names the user; a token without it is named by {@code sub}
 * @param scopes        what OncoTwin asks for at login
 * @param audience      when set, access tokens (bearer tokens of systems) must name it in {@code aud}
 */
@ConfigurationProperties(prefix = "oncotwin.security.oidc")
record OidcProperties(String issuerUri, String clientId, String clientSecret,
                      @DefaultValue("groups") String groupsClaim,
                      @DefaultValue("preferred_username") String userNameClaim,
                      @DefaultValue({"openid", "profile"}) List<String> scopes,
                      String audience) {
}
