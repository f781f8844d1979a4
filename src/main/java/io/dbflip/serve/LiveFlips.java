package io.dbflip.serve;

import io.dbflip.flip.FlipListener;
import io.dbflip.flip.FlipReport;
import io.dbflip.flip.StepRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flips this server runs, as they run: each flip's steps as they start and end, its outcome and
 * blackout when done. The live pages long-poll it ({@code ?after=VERSION} answers as soon as anything
 * changed, or after a bound), so a step appears on the page milliseconds after it ran, with no
 * request made while nothing happens. The flip's listener only records in memory and wakes the
 * pollers (no I/O inside the write blackout). Keeps the last {@value #KEEP} flips.
 */
public final class LiveFlips {
    static final int KEEP = 50;
    /** More pollers than this are answered at once (they then poll every 500 ms): the server's threads stay free. */
    static final int MAX_WAITING = 16;
    private final Map<String, Live> flips = new LinkedHashMap<>();
    private long version;
    private int waiting;

    private static final class Live {
        final String flipId;
        final String cluster;
        final String from;
        final String to;
        final long startedMillis = System.currentTimeMillis();
        final List<Map<String, Object>> steps = new ArrayList<>();
        String state = "running";
        Double blackoutMs;
        String error;

        Live(String flipId, String cluster, String from, String to) {
            this.flipId = flipId;
            this.cluster = cluster;
            this.from = from;
            this.to = to;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("flip_id", flipId);
            m.put("cluster", cluster);
            m.put("from", from);
            m.put("to", to);
            m.put("state", state);
            m.put("started_at_ms", startedMillis);
            m.put("blackout_ms", blackoutMs);
            m.put("error", error);
            m.put("steps", steps.stream().map(LinkedHashMap::new).toList());
            return m;
        }
    }

    /** A listener for one flip (a new one per flip: it remembers which flip it follows). */
    public FlipListener listener() {
        return new FlipListener() {
            private Live live;

            @Override
            public void flipStarted(String flipId, String cluster, String from, String to) {
                synchronized (LiveFlips.this) {
                    live = new Live(flipId, cluster, from, to);
                    flips.remove(flipId);
                    flips.put(flipId, live);
                    while (flips.size() > KEEP) {
                        flips.remove(flips.keySet().iterator().next());
                    }
                    changed();
                }
            }

            @Override
            public void beforeStep(int no, String name) {
                synchronized (LiveFlips.this) {
                    if (live != null) {
                        Map<String, Object> s = new LinkedHashMap<>();
                        s.put("no", no);
                        s.put("name", name);
                        s.put("result", "running");
                        s.put("ms", null);
                        live.steps.add(s);
                        changed();
                    }
                }
            }

            @Override
            public void afterStep(StepRecord step) {
                synchronized (LiveFlips.this) {
                    if (live != null) {
                        Map<String, Object> s = live.steps.stream()
                                .filter(x -> x.get("no").equals(step.no()) && "running".equals(x.get("result")))
                                .reduce((a, b) -> b).orElse(null);
                        if (s == null) {
                            // a step recorded without a start (an undo, a skipped step)
                            s = new LinkedHashMap<>();
                            s.put("no", step.no());
                            s.put("name", step.name());
                            live.steps.add(s);
                        }
                        s.put("result", step.result());
                        s.put("ms", Math.round(step.millis() * 10) / 10.0);
                        changed();
                    }
                }
            }

            @Override
            public void flipFinished(FlipReport report) {
                synchronized (LiveFlips.this) {
                    if (live != null) {
                        live.state = report.outcome();
                        live.blackoutMs = report.blackoutMillis();
                        live.error = report.error();
                        changed();
                    }
                }
            }
        };
    }

    private void changed() {
        version++;
        notifyAll();
    }

    /** How many pollers wait for a change now (tests wait for the page before they start a flip). */
    public synchronized int waiting() {
        return waiting;
    }

    /** Waits (at most {@code max}) until something changed after {@code after}, then answers what is now. */
    private synchronized long await(long after, Duration max) {
        if (version > after || waiting >= MAX_WAITING) {
            return version;
        }
        long deadline = System.nanoTime() + max.toNanos();
        waiting++;
        try {
            while (version <= after) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting--;
        }
        return version;
    }

    /** Every flip kept, newest first. */
    public Map<String, Object> all(long after, Duration max) {
        long v = await(after, max);
        synchronized (this) {
            List<Map<String, Object>> out = new ArrayList<>();
            flips.values().forEach(l -> out.add(0, l.json()));
            return answer(v, "flips", out);
        }
    }

    /** The newest flip of a cluster (null while it has none here). */
    public Map<String, Object> cluster(String cluster, long after, Duration max) {
        long v = await(after, max);
        synchronized (this) {
            Live last = null;
            for (Live l : flips.values()) {
                if (l.cluster.equals(cluster)) {
                    last = l;
                }
            }
            return answer(v, "flip", last == null ? null : last.json());
        }
    }

    /** One flip; null when this server has not run it (the saved report is then the answer). */
    public Map<String, Object> flip(String flipId, long after, Duration max) {
        synchronized (this) {
            if (!flips.containsKey(flipId)) {
                return null;
            }
        }
        long v = await(after, max);
        synchronized (this) {
            Live l = flips.get(flipId);
            return answer(v, "flip", l == null ? null : l.json());
        }
    }

    private static Map<String, Object> answer(long version, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put(key, value);
        return m;
    }
}
