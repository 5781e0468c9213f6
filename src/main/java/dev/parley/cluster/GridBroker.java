package dev.parley.cluster;

import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import dev.parley.realtime.control.Broker;
import dev.parley.realtime.control.ConnectionRegistry;
import dev.parley.realtime.control.DeliveredStatus;
import dev.parley.realtime.control.Delivery;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The broker: this instance's connections directly, the other instances' over one Hazelcast topic of
 * the Domain Data Grid. A plain topic, not a reliable one: publishing never waits for another instance,
 * and what the grid loses or reorders PostgreSQL gives back ({@link dev.parley.realtime.control.ChatSequencer}).
 * One topic keeps one publisher's messages in order for every receiver; what arrives is handed out on
 * one thread of this instance, in that order. Counts and commands are surveys: every other instance
 * answers, and the asker waits for the answers of the instances alive when it asked, at most
 * {@code parley.cluster.survey-timeout-ms}.
 */
@ApplicationScoped
public class GridBroker implements Broker {

    static final String TOPIC = "parley.deliveries";
    private static final System.Logger LOG = System.getLogger(GridBroker.class.getName());

    @Inject
    Grid grid;

    @Inject
    ConnectionRegistry registry;

    @Inject
    Instance<CommandHandler> handlers;

    @Inject
    DeliveredStatus statuses;

    @Inject
    @ConfigProperty(name = "parley.cluster.survey-timeout-ms", defaultValue = "2000")
    long surveyTimeoutMs;

    @Inject
    @ConfigProperty(name = "parley.cluster.sweep-ms", defaultValue = "1000")
    long sweepMs;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    private ITopic<byte[]> topic;
    private UUID listener;
    private ExecutorService inbox;
    private ScheduledFuture<?> sweep;
    private final Map<Long, Survey> surveys = new ConcurrentHashMap<>();
    private final AtomicLong surveyIds = new AtomicLong();

    /** The answers a survey waits for. */
    private static final class Survey {
        final Set<String> waiting = ConcurrentHashMap.newKeySet();
        final Map<String, Long> tally = new HashMap<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Survey(List<String> members) {
            waiting.addAll(members);
            if (waiting.isEmpty()) {
                done.complete(null);
            }
        }

        synchronized void answer(String member, Map<String, Long> answer) {
            if (waiting.remove(member)) {
                answer.forEach((key, value) -> tally.merge(key, value, Long::sum));
            }
            if (waiting.isEmpty()) {
                done.complete(null);
            }
        }

        synchronized void gone(String member) {
            if (waiting.remove(member) && waiting.isEmpty()) {
                done.complete(null);
            }
        }
    }

    /** Subscribes as the application starts, so that other instances' deliveries reach this one's connections. */
    void started(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // observing creates the bean, whose @PostConstruct subscribes
    }

    @PostConstruct
    void subscribe() {
        if (!grid.exists()) {
            return;
        }
        inbox = Executors.newSingleThreadExecutor(threads);
        topic = grid.hazelcast().getTopic(TOPIC);
        listener = topic.addMessageListener(this::arrived);
        grid.onDeparture(member -> surveys.values().forEach(survey -> survey.gone(member)));
        sweep = scheduler.scheduleWithFixedDelay(this::sweep, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void unsubscribe() {
        if (listener == null) {
            return;
        }
        sweep.cancel(false);
        try {
            topic.removeMessageListener(listener);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "Hazelcast stopped first: {0}", e.toString());
        }
        inbox.shutdown();
    }

    @Override
    public int publish(Delivery delivery) {
        int reached = registry.deliver(delivery);
        if (grid.hasOthers()) {
            topic.publish(GridMessage.encode(new GridMessage.Deliver(delivery, 0)));
        }
        return reached;
    }

    @Override
    public int publishAndCount(Delivery delivery) {
        int reached = registry.deliver(delivery);
        if (!grid.hasOthers()) {
            return reached;
        }
        Map<String, Long> tally = survey(id -> new GridMessage.Deliver(delivery, id));
        return reached + tally.getOrDefault("reached", 0L).intValue();
    }

    @Override
    public Map<String, Long> run(Command command) {
        Map<String, Long> tally = new HashMap<>(runHere(command));
        if (grid.hasOthers()) {
            survey(id -> new GridMessage.Run(command, id)).forEach((key, value) -> tally.merge(key, value, Long::sum));
        }
        return tally;
    }

    @Override
    public void delivered(UUID tenantId, Delivery.SentBy message) {
        topic.publish(GridMessage.encode(new GridMessage.Delivered(message.origin(), tenantId, message.from(null))));
    }

    private Map<String, Long> survey(java.util.function.LongFunction<GridMessage> question) {
        long id = surveyIds.incrementAndGet();
        Survey survey = new Survey(grid.others());
        surveys.put(id, survey);
        try {
            topic.publish(GridMessage.encode(question.apply(id)));
            survey.done.get(surveyTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "No answer within {0} ms from instances {1}: counting without them",
                    surveyTimeoutMs, survey.waiting);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            surveys.remove(id);
        }
        synchronized (survey) {
            return new HashMap<>(survey.tally);
        }
    }

    private Map<String, Long> runHere(Command command) {
        Map<String, Long> tally = new HashMap<>();
        for (CommandHandler handler : handlers) {
            if (handler.handles(command.kind())) {
                handler.run(command).forEach((key, value) -> tally.merge(key, value, Long::sum));
            }
        }
        return tally;
    }

    /** On a Hazelcast event thread: handed to this instance's inbox at once, in arrival order. */
    private void arrived(Message<byte[]> message) {
        if (message.getPublishingMember() == null || message.getPublishingMember().localMember()) {
            return;
        }
        String from = message.getPublishingMember().getUuid().toString();
        byte[] bytes = message.getMessageObject();
        inbox.execute(() -> {
            try {
                handle(GridMessage.decode(bytes, from), from);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A message from instance " + from + " failed here", e);
            }
        });
    }

    private void handle(GridMessage message, String from) {
        if (message instanceof GridMessage.Deliver deliver) {
            int reached = registry.deliver(deliver.delivery());
            if (deliver.survey() != 0) {
                reply(from, deliver.survey(), Map.of("reached", (long) reached));
            }
        } else if (message instanceof GridMessage.Run run) {
            reply(from, run.survey(), runHere(run.command()));
        } else if (message instanceof GridMessage.Reply reply) {
            Survey survey = grid.me().equals(reply.to()) ? surveys.get(reply.survey()) : null;
            if (survey != null) {
                survey.answer(from, reply.tally());
            }
        } else if (message instanceof GridMessage.Delivered delivered && grid.me().equals(delivered.to())) {
            statuses.tellSender(delivered.tenantId(), delivered.message());
        }
    }

    private void reply(String to, long survey, Map<String, Long> tally) {
        topic.publish(GridMessage.encode(new GridMessage.Reply(to, survey, tally)));
    }

    private void sweep() {
        try {
            registry.sweepStreams();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Comparing this instance's chats with PostgreSQL failed; trying again", e);
        }
    }
}
