package dev.parley.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * A Prometheus histogram of seconds kept by Parley: counts per bucket since the start, exported as the
 * {@code _bucket{le}}, {@code _count} and {@code _sum} series that {@code histogram_quantile} reads, summed
 * across instances. Payara 6's own MicroProfile histograms and timers cannot serve here: their buckets
 * count a decaying sample, not every observation, and their timers print nanoseconds as seconds.
 * Observing costs a binary search and two adds, without a lock.
 */
final class CumulativeHistogram {

    /** Seconds: from half a millisecond (a delivery on one instance) to ten (a slow model's reply). */
    static final double[] SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final double[] bounds;
    /** Per bucket, not cumulative; the last is above every bound. */
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();

    CumulativeHistogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new LongAdder[bounds.length + 1];
        Arrays.setAll(counts, i -> new LongAdder());
    }

    void observe(double seconds) {
        observe(seconds, 1);
    }

    /** {@code times} observations of the same value. */
    void observe(double seconds, int times) {
        int at = Arrays.binarySearch(bounds, seconds);
        counts[at >= 0 ? at : -at - 1].add(times); // a value equal to a bound belongs to that bound's bucket
        sum.add(seconds * times);
    }

    long count() {
        long count = 0;
        for (LongAdder bucket : counts) {
            count += bucket.sum();
        }
        return count;
    }

    private long atMost(int bucket) {
        long count = 0;
        for (int i = 0; i <= bucket; i++) {
            count += counts[i].sum();
        }
        return count;
    }

    /** Registers its series as gauges named {@code name_bucket}, {@code name_count} and {@code name_sum}. */
    void register(MetricRegistry registry, String name, String description, Tag... tags) {
        Metadata buckets = Metadata.builder().withName(name + "_bucket").withDescription(description).build();
        for (int i = 0; i <= bounds.length; i++) {
            int bucket = i;
            String le = i == bounds.length ? "+Inf" : Double.toString(bounds[i]);
            registry.gauge(buckets, () -> atMost(bucket), with(tags, new Tag("le", le)));
        }
        registry.gauge(Metadata.builder().withName(name + "_count").withDescription(description).build(),
                this::count, tags);
        registry.gauge(Metadata.builder().withName(name + "_sum").withDescription(description).build(),
                sum::sum, tags);
    }

    private static Tag[] with(Tag[] tags, Tag tag) {
        Tag[] all = Arrays.copyOf(tags, tags.length + 1);
        all[tags.length] = tag;
        return all;
    }
}
