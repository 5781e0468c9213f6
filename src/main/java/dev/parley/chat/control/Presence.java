package dev.parley.chat.control;

import dev.parley.identity.entity.ParticipantType;
import java.util.UUID;

/** Who has a live connection; answered by the real-time layer, asked by chat listings. */
public interface Presence {

    boolean isOnline(UUID tenantId, ParticipantType type, long participantId);
}
