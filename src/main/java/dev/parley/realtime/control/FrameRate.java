package dev.parley.realtime.control;

/**
 * A token bucket over one connection's incoming frames: {@code perSecond}
 * sustained, {@code burst} at once. A client that keeps sending into an empty
 * bucket is flooding: after another {@code burst} refused frames it is closed.
 */
public final class FrameRate {

    public enum Verdict { ALLOW, REFUSE, CLOSE }

    private final double perNano;
    private final int burst;
    private double tokens;
    private long last;
    private int refusedInARow;

    public FrameRate(int perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    public synchronized Verdict take(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            refusedInARow = 0;
            return Verdict.ALLOW;
        }
        return ++refusedInARow > burst ? Verdict.CLOSE : Verdict.REFUSE;
    }
}
