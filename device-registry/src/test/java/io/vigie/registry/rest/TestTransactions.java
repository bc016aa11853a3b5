package io.vigie.registry.rest;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** Runs a reactive unit of work on a Vert.x context from a test thread, and rethrows its failure. */
final class TestTransactions {

    private TestTransactions() {
    }

    static <T> T run(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
