package io.vigie.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vigie.core.messaging.TransientFailure;
import io.vigie.events.VigieEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The ledger of the PostgreSQL services, in the handler's transaction. The event ids are inserted before the
 * handler runs: an instance that processes the same event at the same time (a rebalance) waits on the row, then
 * finds it taken and skips. Loaded only by services with Hibernate Reactive (see {@link Ledger#POSTGRESQL}).
 */
final class PostgresLedger {

    private PostgresLedger() {
    }

    static <E extends VigieEvent> Uni<Void> once(String consumer, List<E> events, InboxContext ctx, Function<List<E>, Uni<Void>> work) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> fresh(s, consumer, events)).chain(fresh -> {
            if (fresh.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return work.apply(fresh).chain(() -> forgetRejected(consumer, ctx));
        }));
    }

    /** The events of {@code events} this transaction now owns: first occurrence of each id not processed before. */
    private static <E extends VigieEvent> Uni<List<E>> fresh(Mutiny.Session s, String consumer, List<E> events) {
        Map<UUID, E> byId = new LinkedHashMap<>();
        events.forEach(e -> byId.putIfAbsent(e.eventId(), e));
        if (byId.size() == 1) { // one event: the insert alone says whether it is new (one round trip)
            UUID id = byId.keySet().iterator().next();
            return insert(s, consumer, List.of(id)).map(n -> n == 1 ? List.copyOf(byId.values()) : List.<E>of());
        }
        return s.createNativeQuery("select event_id from inbox_processed where consumer = :c and event_id in (:ids)", UUID.class)
                .setParameter("c", consumer).setParameter("ids", List.copyOf(byId.keySet())).getResultList()
                .chain(done -> {
                    Set<UUID> seen = new HashSet<>(done);
                    List<UUID> rest = byId.keySet().stream().filter(id -> !seen.contains(id)).toList();
                    if (rest.isEmpty()) {
                        return Uni.createFrom().item(List.<E>of());
                    }
                    return insert(s, consumer, rest).map(n -> {
                        if (n != rest.size()) { // another instance committed some of them meanwhile: read again
                            throw new TransientFailure("database-conflict", "events of this batch were processed concurrently");
                        }
                        return rest.stream().map(byId::get).toList();
                    });
                });
    }

    private static Uni<Integer> insert(Mutiny.Session s, String consumer, List<UUID> ids) {
        StringBuilder sql = new StringBuilder("insert into inbox_processed (consumer, event_id, processed_at) values ");
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:c, :id").append(i).append(", now())");
        }
        sql.append(" on conflict do nothing");
        Mutiny.MutationQuery q = s.createNativeQuery(sql.toString()).setParameter("c", consumer);
        for (int i = 0; i < ids.size(); i++) {
            q.setParameter("id" + i, ids.get(i));
        }
        return q.executeUpdate();
    }

    private static Uni<Void> forgetRejected(String consumer, InboxContext ctx) {
        if (ctx.rejected().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> ids = new ArrayList<>();
        ctx.rejected().keySet().forEach(e -> ids.add(e.eventId()));
        return Panache.getSession().chain(s -> s.createNativeQuery("delete from inbox_processed where consumer = :c and event_id in (:ids)")
                .setParameter("c", consumer).setParameter("ids", ids).executeUpdate()).replaceWithVoid();
    }

    static Uni<Long> prune(Instant before) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "delete from inbox_processed where ctid in (select ctid from inbox_processed where processed_at < :t limit 10000)")
                .setParameter("t", before).executeUpdate())).map(Integer::longValue);
    }
}
