package io.dbflip.fence;

import java.util.ArrayList;
import java.util.List;

/**
 * Two fences as one, named {@code a+b} ({@code security-group+account-lock}): a network fence that cannot keep
 * out sessions already open or the apps' own path, and a server fence that holds by itself. Applied in the
 * order named, lifted in reverse, so the last one up is the first one down. Whether it holds is the last
 * part's answer: the server fence is the one that stops writes.
 */
final class CompositeFence implements Fence {
    private final List<Fence> parts;

    CompositeFence(List<Fence> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public String name() {
        return String.join("+", parts.stream().map(Fence::name).toList());
    }

    @Override
    public List<String> preflight(FenceContext ctx) {
        List<String> out = new ArrayList<>();
        parts.forEach(p -> out.addAll(p.preflight(ctx)));
        return out;
    }

    @Override
    public List<String> describe(FenceContext ctx, boolean on) {
        List<String> out = new ArrayList<>();
        (on ? parts : reversed()).forEach(p -> out.addAll(p.describe(ctx, on)));
        return out;
    }

    @Override
    public void prepare(FenceContext ctx) {
        parts.forEach(p -> p.prepare(ctx));
    }

    @Override
    public void apply(FenceContext ctx) {
        parts.forEach(p -> p.apply(ctx));
    }

    @Override
    public void lift(FenceContext ctx) {
        reversed().forEach(p -> p.lift(ctx));
    }

    private List<Fence> reversed() {
        List<Fence> r = new ArrayList<>(parts);
        java.util.Collections.reverse(r);
        return r;
    }

    @Override
    public Boolean applied(FenceContext ctx) {
        return parts.get(parts.size() - 1).applied(ctx);
    }

    @Override
    public boolean needsKill() {
        return parts.stream().anyMatch(Fence::needsKill);
    }
}
