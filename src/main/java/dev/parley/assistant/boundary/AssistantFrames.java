package dev.parley.assistant.boundary;

import dev.parley.assistant.control.AssistantTurns;
import dev.parley.chat.control.ChatRef;
import dev.parley.chat.control.Chats;
import dev.parley.chat.control.Handovers;
import dev.parley.chat.entity.HandledBy;
import dev.parley.realtime.boundary.ClientFrame;
import dev.parley.realtime.boundary.FrameHandler;
import dev.parley.realtime.control.Connection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * The assistant's and the hand-over's frames: {@code stop_generation} ends the
 * reply being written (what was written is kept), {@code request_human} asks
 * for a person (the chat waits for staff).
 */
@ApplicationScoped
public class AssistantFrames implements FrameHandler {

    @Inject
    Chats chats;

    @Inject
    AssistantTurns turns;


    @Inject
    Handovers handovers;

    @Override
    public Set<Class<? extends ClientFrame>> handles() {
        return Set.of(ClientFrame.StopGeneration.class, ClientFrame.RequestHuman.class);
    }

    @Override
    public void handle(Connection connection, ClientFrame frame) {
        if (frame instanceof ClientFrame.StopGeneration stop) {
            ChatRef chat = chats.resolve(connection.actor(), stop.chat());
            turns.stop(connection.tenantId(), chat.number());
        } else if (frame instanceof ClientFrame.RequestHuman ask) {
            ChatRef chat = chats.resolve(connection.actor(), ask.chat());
            handovers.handOver(connection.actor(), chat, HandledBy.waiting);
        }
    }
}
