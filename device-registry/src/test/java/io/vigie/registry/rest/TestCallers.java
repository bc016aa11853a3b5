package io.vigie.registry.rest;

import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.vigie.core.security.Caller;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;

/** A caller as the token of device-admin-nord would make it, for calling services directly in tests. */
final class TestCallers {

    private TestCallers() {
    }

    static Caller deviceAdminNord() {
        try {
            JwtClaims claims = JwtClaims.parse("{\"sub\":\"60d29e1d-286d-59ea-acd0-3aed2acf7f72\",\"hospital\":[\"hopital-nord\"]}");
            DefaultJWTCallerPrincipal principal = new DefaultJWTCallerPrincipal(claims);
            QuarkusSecurityIdentity identity = QuarkusSecurityIdentity.builder().setPrincipal(principal).addRole("device-admin").build();
            return new Caller(identity, principal, null);
        } catch (InvalidJwtException e) {
            throw new IllegalStateException(e);
        }
    }
}
