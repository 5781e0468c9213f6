package dev.parley.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Payara's Domain Data Grid as Parley sees it: the embedded Hazelcast, or nothing when the server runs
 * without it ({@code --nohazelcast}), in which case this instance is the whole deployment. Members are
 * named by their Hazelcast UUID, new at every start.
 */
@ApplicationScoped
public class Grid {

    private static final System.Logger LOG = System.getLogger(Grid.class.getName());

    /** Payara's producer: the embedded instance, or null when Hazelcast is disabled. */
    @Inject
    Instance<HazelcastInstance> embedded;

    private HazelcastInstance hazelcast;
    private String me;
    private UUID membershipListener;
    private final List<Consumer<String>> departures = new CopyOnWriteArrayList<>();

    @PostConstruct
    void find() {
        try {
            hazelcast = embedded.get();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "No Domain Data Grid: this instance serves alone ({0})", e.toString());
        }
        if (hazelcast == null) {
            return;
        }
        me = hazelcast.getCluster().getLocalMember().getUuid().toString();
        membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                LOG.log(Level.INFO, "Instance {0} joined the grid: {1} instances", event.getMember().getUuid(),
                        event.getMembers().size());
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                String gone = event.getMember().getUuid().toString();
                LOG.log(Level.INFO, "Instance {0} left the grid: {1} instances", gone, event.getMembers().size());
                for (Consumer<String> departure : departures) {
                    departure.accept(gone);
                }
            }
        });
        LOG.log(Level.INFO, "On the Domain Data Grid as {0}: {1} instances", me,
                hazelcast.getCluster().getMembers().size());
    }

    @PreDestroy
    void leave() {
        if (hazelcast != null && membershipListener != null) {
            try {
                hazelcast.getCluster().removeMembershipListener(membershipListener);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "Hazelcast stopped first: {0}", e.toString());
            }
        }
    }

    /** The embedded Hazelcast, or null when this instance runs alone. */
    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    boolean exists() {
        return hazelcast != null;
    }

    /** This instance's member id, or null without a grid. */
    public String me() {
        return me;
    }

    /** The other live instances' member ids. */
    List<String> others() {
        List<String> others = new ArrayList<>();
        if (hazelcast != null) {
            for (Member member : hazelcast.getCluster().getMembers()) {
                if (!member.localMember()) {
                    others.add(member.getUuid().toString());
                }
            }
        }
        return others;
    }

    boolean hasOthers() {
        return size() > 1;
    }

    /** Whether this instance is the oldest live one: the one that tidies up after an instance that died. */
    boolean isOldest() {
        return hazelcast != null && hazelcast.getCluster().getMembers().iterator().next().localMember();
    }

    /** Runs {@code departure} with the member id of each instance that leaves (on a Hazelcast thread: do not block). */
    void onDeparture(Consumer<String> departure) {
        departures.add(departure);
    }

    /** The number of live instances, this one included. */
    public int size() {
        return hazelcast == null ? 1 : hazelcast.getCluster().getMembers().size();
    }
}
