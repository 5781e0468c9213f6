package dev.parley.realtime.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The WebSocket limits, all configurable; defaults as documented in docs/protocol.md. */
@ApplicationScoped
public class RealtimeSettings {

    @Inject
    @ConfigProperty(name = "parley.ws.heartbeat-interval-ms", defaultValue = "25000")
    long heartbeatIntervalMs;

    @Inject
    @ConfigProperty(name = "parley.ws.idle-timeout-ms", defaultValue = "60000")
    long idleTimeoutMs;

    @Inject
    @ConfigProperty(name = "parley.ws.auth-timeout-ms", defaultValue = "10000")
    long authTimeoutMs;

    @Inject
    @ConfigProperty(name = "parley.ws.max-frame-bytes", defaultValue = "65536")
    int maxFrameBytes;

    @Inject
    @ConfigProperty(name = "parley.ws.outgoing-queue-bytes", defaultValue = "1048576")
    int outgoingQueueBytes;

    /** The upgraded response's buffer, through which every frame is written (0: the container's, 8 KB). */
    @Inject
    @ConfigProperty(name = "parley.ws.frame-buffer-bytes", defaultValue = "512")
    int frameBufferBytes;

    @Inject
    @ConfigProperty(name = "parley.ws.rate-limit.frames-per-second", defaultValue = "20")
    int framesPerSecond;

    @Inject
    @ConfigProperty(name = "parley.ws.rate-limit.burst", defaultValue = "40")
    int burst;

    /** Whether WebSocket sessions get Parley's idle-timer scheduler instead of the container's (see IdleTimerScheduler). */
    @Inject
    @ConfigProperty(name = "parley.ws.own-idle-scheduler", defaultValue = "true")
    boolean ownIdleScheduler;

    public boolean ownIdleScheduler() { return ownIdleScheduler; }

    @Inject
    @ConfigProperty(name = "parley.ws.send-with-platform-class-loader", defaultValue = "true")
    boolean sendWithPlatformClassLoader;

    public boolean sendWithPlatformClassLoader() { return sendWithPlatformClassLoader; }
    public long heartbeatIntervalMs() { return heartbeatIntervalMs; }
    public long idleTimeoutMs() { return idleTimeoutMs; }
    public long authTimeoutMs() { return authTimeoutMs; }
    public int maxFrameBytes() { return maxFrameBytes; }
    public int outgoingQueueBytes() { return outgoingQueueBytes; }
    public int frameBufferBytes() { return frameBufferBytes; }
    public int framesPerSecond() { return framesPerSecond; }
    public int burst() { return burst; }
}
