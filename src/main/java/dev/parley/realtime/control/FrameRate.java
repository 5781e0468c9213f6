package dev.parley.realtime.control;

/**
 * A token bucket over one connection's incoming frames: {@code perSecond}
 * sustained, {@code burst} at once. Frames beyond it are refused; a client
 * that has more than {@code burst} frames refused within ten seconds is
 * flooding and is closed.
 */
public final class FrameRate {

    public enum Verdict { ALLOW, REFUSE, CLOSE }

    static final long FLOOD_WINDOW_NANOS = 10_000_000_000L;

    private final double perNano;
    private final int burst;
    private double tokens;
    private long last;
    private long windowStart;
    private int refusedInWindow;

    public FrameRate(int perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
        this.windowStart = nowNanos;
    }

    public synchronized Verdict take(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.ALLOW;
        }
        if (nowNanos - windowStart > FLOOD_WINDOW_NANOS) {
            windowStart = nowNanos;
            refusedInWindow = 0;
        }
        return ++refusedInWindow > burst ? Verdict.CLOSE : Verdict.REFUSE;
    }
}
