package dev.parley.cluster;

import dev.parley.platform.EventWindows;
import dev.parley.platform.SlidingWindows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;

/** Rate-limit windows for the whole deployment: on the grid when there is one, in memory when this instance is alone. */
@ApplicationScoped
public class SharedWindows {

    @Inject
    Grid grid;

    /** The windows of one kind of limit ({@code name}); none of its windows is longer than {@code longestWindow}. */
    public EventWindows named(String name, Duration longestWindow) {
        return grid.exists() ? new GridWindows(grid.hazelcast(), name, longestWindow, Clock.systemUTC())
                : new SlidingWindows(longestWindow, Clock.systemUTC());
    }
}
