package io.vigie.registry.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vigie.core.crypto.SecretHash;
import jakarta.enterprise.context.ApplicationScoped;

/** New device secrets; the slow hash runs on a worker thread and the result comes back on the caller's context. */
@ApplicationScoped
public class SecretIssuer {

    /** A secret in clear (shown once) and its stored hash. */
    public record Issued(String secret, String hash) {
    }

    private final Vertx vertx;

    public SecretIssuer(Vertx vertx) {
        this.vertx = vertx;
    }

    public Uni<Issued> issue() {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            String secret = SecretHash.newSecret();
            return new Issued(secret, SecretHash.hash(secret));
        }));
    }
}
