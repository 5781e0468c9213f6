package dev.parley.cluster;

import dev.parley.chat.control.ChatRef;
import dev.parley.identity.entity.ParticipantType;
import dev.parley.realtime.control.Broker;
import dev.parley.realtime.control.Delivery;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What instances send each other over the grid, as bytes: Hazelcast carries {@code byte[]} itself, so
 * no class of Parley's is ever deserialised by the grid (whose class loaders do not know the WAR's).
 * {@code to} names the one instance a reply or a report is for; the others ignore it.
 */
sealed interface GridMessage {

    /** A delivery for every instance's connections; with a {@code survey}, each answers how many it reached. */
    record Deliver(Delivery delivery, long survey) implements GridMessage { }

    /** A command for every instance; each answers its tally. */
    record Run(Broker.Command command, long survey) implements GridMessage { }

    /** One instance's answer to a survey. */
    record Reply(String to, long survey, Map<String, Long> tally) implements GridMessage { }

    /** To the instance that committed a message: another participant's connection was sent it. */
    record Delivered(String to, UUID tenantId, Delivery.SentBy message) implements GridMessage { }

    byte DELIVER = 1;
    byte RUN = 2;
    byte REPLY = 3;
    byte DELIVERED = 4;

    static byte[] encode(GridMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (message instanceof Deliver deliver) {
                out.writeByte(DELIVER);
                out.writeLong(deliver.survey());
                writeDelivery(out, deliver.delivery());
            } else if (message instanceof Run run) {
                out.writeByte(RUN);
                out.writeLong(run.survey());
                out.writeByte(run.command().kind().ordinal());
                writeUuid(out, run.command().tenantId());
                writeString(out, run.command().reason());
            } else if (message instanceof Reply reply) {
                out.writeByte(REPLY);
                writeString(out, reply.to());
                out.writeLong(reply.survey());
                out.writeInt(reply.tally().size());
                for (Map.Entry<String, Long> entry : reply.tally().entrySet()) {
                    writeString(out, entry.getKey());
                    out.writeLong(entry.getValue());
                }
            } else if (message instanceof Delivered delivered) {
                out.writeByte(DELIVERED);
                writeString(out, delivered.to());
                writeUuid(out, delivered.tenantId());
                writeSentBy(out, delivered.message());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads what {@link #encode} wrote; {@code origin} is the instance that sent it. */
    static GridMessage decode(byte[] bytes, String origin) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte kind = in.readByte();
            return switch (kind) {
                case DELIVER -> {
                    long survey = in.readLong();
                    yield new Deliver(readDelivery(in, origin), survey);
                }
                case RUN -> {
                    long survey = in.readLong();
                    Broker.Command.Kind command = Broker.Command.Kind.values()[in.readByte()];
                    yield new Run(new Broker.Command(command, readUuid(in), readString(in)), survey);
                }
                case REPLY -> {
                    String to = readString(in);
                    long survey = in.readLong();
                    int size = in.readInt();
                    Map<String, Long> tally = new HashMap<>();
                    for (int i = 0; i < size; i++) {
                        tally.put(readString(in), in.readLong());
                    }
                    yield new Reply(to, survey, tally);
                }
                case DELIVERED -> new Delivered(readString(in), readUuid(in), readSentBy(in, origin));
                default -> throw new IllegalArgumentException("Unknown grid message kind " + kind);
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeDelivery(DataOutputStream out, Delivery delivery) throws IOException {
        writeUuid(out, delivery.tenantId());
        if (delivery.target() instanceof Delivery.ToChat chat) {
            out.writeByte(1);
            out.writeLong(chat.chatId());
        } else if (delivery.target() instanceof Delivery.ToParticipant participant) {
            out.writeByte(2);
            out.writeByte(participant.type().ordinal());
            out.writeLong(participant.id());
        } else {
            out.writeByte(delivery.target() instanceof Delivery.ToTenant ? 3 : 4);
        }
        writeString(out, delivery.frame());
        out.writeBoolean(delivery.droppable());
        writeString(out, delivery.skipConnectionId());
        writeString(out, delivery.widgetFrame());
        out.writeBoolean(delivery.streamOnly());
        out.writeLong(delivery.seq());
        out.writeLong(delivery.committedAtMicros());
        out.writeBoolean(delivery.sender() != null);
        if (delivery.sender() != null) {
            writeSentBy(out, delivery.sender());
        }
    }

    private static Delivery readDelivery(DataInputStream in, String origin) throws IOException {
        UUID tenantId = readUuid(in);
        byte targetKind = in.readByte();
        Delivery.Target target = switch (targetKind) {
            case 1 -> new Delivery.ToChat(in.readLong());
            case 2 -> new Delivery.ToParticipant(ParticipantType.values()[in.readByte()], in.readLong());
            case 3 -> new Delivery.ToTenant();
            case 4 -> new Delivery.ToStaff();
            default -> throw new IllegalArgumentException("Unknown delivery target " + targetKind);
        };
        String frame = readString(in);
        boolean droppable = in.readBoolean();
        String skip = readString(in);
        String widgetFrame = readString(in);
        boolean streamOnly = in.readBoolean();
        long seq = in.readLong();
        long committedAtMicros = in.readLong();
        Delivery.SentBy sender = in.readBoolean() ? readSentBy(in, origin) : null;
        return new Delivery(tenantId, target, frame, droppable, skip, widgetFrame, streamOnly, seq, committedAtMicros, sender);
    }

    private static void writeSentBy(DataOutputStream out, Delivery.SentBy sender) throws IOException {
        out.writeLong(sender.messageId());
        out.writeLong(sender.chat().id() == null ? -1 : sender.chat().id());
        writeUuid(out, sender.chat().key());
        writeString(out, sender.senderType());
        out.writeLong(sender.senderId());
    }

    private static Delivery.SentBy readSentBy(DataInputStream in, String origin) throws IOException {
        long messageId = in.readLong();
        long chatId = in.readLong();
        ChatRef chat = new ChatRef(chatId < 0 ? null : chatId, readUuid(in));
        return new Delivery.SentBy(messageId, chat, readString(in), in.readLong(), origin);
    }

    private static void writeUuid(DataOutputStream out, UUID uuid) throws IOException {
        out.writeBoolean(uuid != null);
        if (uuid != null) {
            out.writeLong(uuid.getMostSignificantBits());
            out.writeLong(uuid.getLeastSignificantBits());
        }
    }

    private static UUID readUuid(DataInputStream in) throws IOException {
        return in.readBoolean() ? new UUID(in.readLong(), in.readLong()) : null;
    }

    private static void writeString(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
