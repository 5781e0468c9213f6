package dev.parley.realtime.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FrameRateTest {

    static final long MS = 1_000_000L;

    @Test
    void aBurstPassesThenFramesAreRefusedThenTheFloodIsClosed() {
        FrameRate rate = new FrameRate(20, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertEquals(FrameRate.Verdict.ALLOW, rate.take(0));
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(FrameRate.Verdict.REFUSE, rate.take(0));
        }
        assertEquals(FrameRate.Verdict.CLOSE, rate.take(0));
    }

    @Test
    void theSustainedRateIsAllowed() {
        FrameRate rate = new FrameRate(20, 5, 0);
        for (int i = 1; i <= 1000; i++) {
            assertEquals(FrameRate.Verdict.ALLOW, rate.take(i * 50 * MS), "frame " + i);
        }
    }

    @Test
    void twiceTheRateIsClosedWithinSeconds() {
        FrameRate rate = new FrameRate(20, 5, 0);
        FrameRate.Verdict verdict = FrameRate.Verdict.ALLOW;
        int frames = 0;
        while (verdict != FrameRate.Verdict.CLOSE && frames < 1000) {
            verdict = rate.take(++frames * 25 * MS);
        }
        assertEquals(FrameRate.Verdict.CLOSE, verdict);
        assertEquals(true, frames * 25 < 2000, "closed after " + frames * 25 + " ms");
    }

    @Test
    void refusalsLongAgoAreForgotten() {
        FrameRate rate = new FrameRate(20, 2, 0);
        rate.take(0);
        rate.take(0);
        assertEquals(FrameRate.Verdict.REFUSE, rate.take(0));
        assertEquals(FrameRate.Verdict.REFUSE, rate.take(0));
        long later = FrameRate.FLOOD_WINDOW_NANOS + 1;
        rate.take(later);
        rate.take(later);
        assertEquals(FrameRate.Verdict.REFUSE, rate.take(later), "a new window");
    }
}
