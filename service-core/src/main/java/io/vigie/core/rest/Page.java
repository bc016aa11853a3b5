package io.vigie.core.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.function.Function;

/** One page of a list answer; {@code total} counts every match, {@code page} starts at 0. */
@RegisterForReflection
public record Page<T>(List<T> items, int page, int size, long total) {

    public static <T> Page<T> empty(PageRequest request) {
        return new Page<>(List.of(), request.page(), request.size(), 0);
    }

    public <R> Page<R> map(Function<T, R> f) {
        return new Page<>(items.stream().map(f).toList(), page, size, total);
    }
}
