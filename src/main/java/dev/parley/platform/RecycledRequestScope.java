package dev.parley.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes Payara cut a request's and a response's streams loose when it recycles them, so that a stream kept
 * past its request fails instead of reaching the next client's.
 *
 * <p>Payara reuses its request and response objects from one HTTP request to the next, on any connection,
 * and by default keeps their stream wrappers across the reuse. A WebSocket keeps its upgrade request's
 * streams for its whole life: a frame the container writes after the socket closed (a close racing a send,
 * inside the WebSocket runtime) would go into another client's HTTP answer, and a read would take another
 * client's request body. Payara's "enforce scope" switch, off by default, clears those wrappers on
 * recycling. Parley orders its own writes with the close ({@code Connection#write}), but not what the
 * container writes and reads itself (its close frames, its pongs, a slow client's queued frames, two closes
 * racing), so this switch is what stops a stale stream for certain. It is global to the server and stays
 * on after an undeploy; it reaches into Payara's internals, so it is switchable
 * ({@code parley.http.enforce-request-scope}), and a server without it logs an error.
 */
@ApplicationScoped
public class RecycledRequestScope {

    private static final System.Logger LOG = System.getLogger(RecycledRequestScope.class.getName());
    private static final String[] RECYCLED = {
            "org.apache.catalina.connector.Request", "org.apache.catalina.connector.Response"};

    @Inject
    @ConfigProperty(name = "parley.http.enforce-request-scope", defaultValue = "true")
    boolean enforce;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object context) {
        if (!enforce) {
            return;
        }
        // The web container's own loader (its ServletContext's), which sees its internals on Payara Server too.
        ClassLoader container = context instanceof jakarta.servlet.ServletContext
                ? context.getClass().getClassLoader() : Thread.currentThread().getContextClassLoader();
        int enforced = 0;
        for (String recycled : RECYCLED) {
            try {
                Class.forName(recycled, false, container)
                        .getMethod("setEnforceScope", boolean.class).invoke(null, true);
                enforced++;
            } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
                LOG.log(Level.ERROR, "Cannot make the server clear {0}''s streams on recycling: {1}", recycled,
                        e.toString());
            }
        }
        if (enforced == RECYCLED.length) {
            LOG.log(Level.INFO, "The server clears the streams of a reused request (parley.http.enforce-request-scope)");
        }
    }
}
