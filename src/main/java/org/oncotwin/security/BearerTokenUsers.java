package org.oncotwin.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** A system calling with an access token of the provider: named by the user-name claim, with the token's groups. */
class BearerTokenUsers implements Converter<Jwt, AbstractAuthenticationToken> {

    private final TokenClaims claims;

    BearerTokenUsers(TokenClaims claims) {
        this.claims = claims;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt token) {
        String name = claims.userName(token);
        if (name == null) {
            throw new InvalidBearerTokenException("The token names no user");
        }
        return new JwtAuthenticationToken(token, claims.groups(token), name);
    }
}
