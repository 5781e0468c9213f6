package dev.parley.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Hostile input for {@link FuzzIT}: WebSocket frames and REST requests, all drawn from one seeded
 * {@link Random}, so that a seed replays the same inputs. Indexes that depend on the fixture's data
 * (a token's length, an id's digits) are drawn with {@link #below(int)}, which always consumes the same
 * randomness: the sequence of inputs is the seed's alone, only the ids in them change between runs.
 */
final class FuzzInputs {

    /** Parley's largest incoming frame (docs/protocol.md, Limits). */
    static final int MAX_FRAME_BYTES = 64 * 1024;

    /** What the fuzzed input names beside garbage: a fixture's real ids and credentials. */
    record Known(long chatId, long messageId, long userId, long customerId, String tenantId, String tenantSlug,
                 String staffToken, String customerToken, List<String> otherTokens) {
    }

    /** One WebSocket frame as written: FIN bit, opcode, payload (masked when written). */
    record WireFrame(boolean fin, int opcode, byte[] payload) {
    }

    /**
     * One fuzzed WebSocket message: the frames that carry it, the close codes it may draw
     * (none: the connection must stay open), and whether it may go unanswered (a valid typing or read
     * frame answers the sender nothing; Parley ignores binary frames).
     */
    record FrameCase(int number, String kind, List<WireFrame> frames, Set<Integer> mayClose, boolean maySilence) {

        /**
         * Whether the case is sent last on its connection, once every other case there is answered: it may
         * well close it. A binary frame may too (1003), but Parley ignores those, so they go anywhere.
         */
        boolean goesLast() {
            return !mayClose.isEmpty() && frames.get(0).opcode() != 0x2;
        }

        /** The input for a failure message: its text, shortened, or its bytes in hex (control frames left out). */
        String shown() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            frames.stream().filter(f -> f.opcode() < 0x8).forEach(f -> all.writeBytes(f.payload()));
            byte[] bytes = all.toByteArray();
            String text = new String(bytes, StandardCharsets.UTF_8);
            boolean binary = frames.get(0).opcode() == 0x2 || text.contains("\uFFFD");
            String shown = binary ? hex(bytes, 120) : abbreviate(text, 300);
            return (frames.size() > 1 ? frames.size() + " fragments, " : "") + bytes.length + " bytes: " + shown;
        }
    }

    /** One fuzzed HTTP request; headers are name, value pairs. */
    record RestCase(int number, String kind, String endpoint, String method, String path, List<String> headers,
                    byte[] body) {

        String shown() {
            String body = this.body == null ? "no body" : this.body.length + " bytes: " + abbreviate(
                    new String(this.body, StandardCharsets.UTF_8), 200);
            return method + " " + abbreviate(path, 200) + " headers " + abbreviate(headers.toString(), 300) + " " + body;
        }
    }

    private final Random random;
    private final Known known;

    FuzzInputs(long seed, Known known) {
        this.random = new Random(seed);
        this.known = known;
    }

    /** 0 to {@code n - 1}, drawing the same amount of randomness whatever {@code n} is. */
    int below(int n) {
        return (int) (random.nextDouble() * n);
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private <T> T pick(List<T> options) {
        return options.get(below(options.size()));
    }

    private String pick(String... options) {
        return options[below(options.length)];
    }

    // ---------------------------------------------------------------- values

    static final List<String> ODD_NUMBERS = List.of("0", "-0", "-1", "1", "0.5", "1.0", "-0.0", "1e400", "-1e400",
            "1e-400", "1E+2", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "-9223372036854775809", "18446744073709551616", "1180591620717411303424",
            "1e2147483648", "1e-2147483649", "1e999999999", "123456789012345678901234567890.123456789",
            "0.0000000000000000000000001", "4.9e-324", "1.7976931348623157e309", "-1180591620717411303424");

    /** Not JSON at all: the frame or body that carries one cannot be parsed. */
    static final List<String> NOT_NUMBERS = List.of("NaN", "-NaN", "Infinity", "-Infinity", "0x10", "01", "+1", ".5",
            "1.", "1e", "-", "1_000", "١٢٣");

    static final List<String> ODD_STRINGS = List.of("", " ", "null", "true", "0", "-1", "NaN", "Infinity", "1e400",
            "\u0000", "a\u0000b", "\t\r\n", "\u2028\u2029", "\uFEFF", "\u202Eevil", "\uD83D\uDE00", "\uD800",
            "\uDFFF\uD800", "'; DROP TABLE messages; --", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}",
            "%s%s%n", "../../../../etc/passwd", "\\", "\"", "{}", "[]", "user@example.test", "a@b", "@", "text",
            "image", "voice", "file", "user", "customer", "visitor", "owner", "admin", "staff", "service",
            "/api/v1/media/00000000-0000-0000-0000-000000000000", "http://127.0.0.1:1/x.png", "javascript:alert(1)",
            "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "rt_" + "A".repeat(43),
            "pk_deadbeef_" + "A".repeat(43), "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", "not-a-jwt", "a.b.c",
            "Bearer", "ñandú €", "日本語", "\u0301\u0301\u0301");

    static final List<String> ODD_LITERALS = List.of("null", "true", "false", "[]", "{}", "[null]", "[1,\"a\",{}]",
            "{\"\":null}", "{\"type\":\"ping\"}", "[[[[[[[[[[]]]]]]]]]]", "\"\"", "{\"id\":1,\"type\":\"x\"}");

    /** A JSON string literal for {@code text}: control characters and every surrogate escaped, so the bytes are UTF-8. */
    static String quote(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private String randomWord() {
        StringBuilder word = new StringBuilder();
        for (int i = 0, n = 1 + below(12); i < n; i++) {
            word.append((char) ('a' + below(26)));
        }
        return word.toString();
    }

    private String oddString() {
        return switch (below(12)) {
            case 0 -> "x".repeat(pick(List.of(129, 201, 1000, 10_000, 10_001, 20_000)));
            case 1 -> pick(List.of(known.staffToken(), known.customerToken(), known.tenantId(), known.tenantSlug()));
            case 2 -> pick(known.otherTokens());
            case 3 -> Long.toString(pick(List.of(known.chatId(), known.messageId(), known.userId(), known.customerId())));
            case 4 -> randomUnicode(1 + below(40));
            case 5 -> randomWord();
            default -> pick(ODD_STRINGS);
        };
    }

    private String oddNumber() {
        return switch (below(10)) {
            case 0 -> digits(pick(List.of(19, 100, 1100, 1101, 5000)));
            case 1 -> new BigInteger("18446744073709551616").add(BigInteger.valueOf(known.chatId())).toString();
            case 2 -> known.chatId() + pick(".0", "e0", "E0", ".00000", "e+0");
            case 3 -> "-" + pick(List.of(known.chatId(), known.messageId()));
            default -> pick(ODD_NUMBERS);
        };
    }

    private String digits(int n) {
        StringBuilder digits = new StringBuilder(n).append((char) ('1' + below(9)));
        while (digits.length() < n) {
            digits.append((char) ('0' + below(10)));
        }
        return digits.toString();
    }

    static String nested(String open, String inner, String close, int depth) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    private String deepValue() {
        int depth = pick(List.of(64, 999, 1000, 1001, 2000, 9000));
        return switch (below(3)) {
            case 0 -> nested("[", "1", "]", depth);
            case 1 -> nested("{\"a\":", "1", "}", depth);
            default -> nested("[{\"a\":", "[]", "}]", depth / 2);
        };
    }

    /** Any JSON value a field should not have: a wrong type, an odd number, a deep structure. */
    String oddValue() {
        return switch (below(10)) {
            case 0, 1, 2 -> quote(oddString());
            case 3, 4 -> oddNumber();
            case 5, 6 -> pick(ODD_LITERALS);
            case 7 -> chance(0.5) ? deepValue() : "{\"type\":" + quote(oddString()) + ",\"id\":" + oddNumber() + "}";
            case 8 -> "[" + quote(oddString()) + "," + oddNumber() + "]";
            default -> pick(NOT_NUMBERS);
        };
    }

    private String randomUnicode(int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            int codePoint = switch (below(4)) {
                case 0 -> 0x20 + below(0x5f);
                case 1 -> below(0x20);
                case 2 -> 0xa0 + below(0xd7ff - 0xa0);
                default -> 0x10000 + below(0x10ffff - 0x10000);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    // ---------------------------------------------------------------- JSON objects as fields

    /** One member of a JSON object, its value as raw JSON text (so it can be anything, even invalid). */
    record Field(String key, String raw) {
    }

    static String render(List<Field> fields) {
        StringBuilder json = new StringBuilder("{");
        for (Field field : fields) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote(field.key())).append(':').append(field.raw());
        }
        return json.append('}').toString();
    }

    private static List<Field> fields(Object... keysAndRawValues) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < keysAndRawValues.length; i += 2) {
            fields.add(new Field((String) keysAndRawValues[i], String.valueOf(keysAndRawValues[i + 1])));
        }
        return fields;
    }

    /** Changes a valid object as a careless or hostile client would; sometimes so much that it is no JSON any more. */
    String mutate(List<Field> original) {
        List<Field> fields = new ArrayList<>(original);
        for (int i = 0, n = 1 + below(3); i < n; i++) {
            int at = fields.isEmpty() ? 0 : below(fields.size());
            switch (below(9)) {
                case 0 -> { // a field missing
                    if (!fields.isEmpty()) {
                        fields.remove(at);
                    }
                }
                case 1 -> { // a field renamed
                    if (!fields.isEmpty()) {
                        Field f = fields.get(at);
                        fields.set(at, new Field(renamed(f.key()), f.raw()));
                    }
                }
                case 2 -> { // a key twice, with another value before or after
                    if (!fields.isEmpty()) {
                        Field f = fields.get(at);
                        fields.add(chance(0.5) ? at : at + 1, new Field(f.key(), oddValue()));
                    }
                }
                case 3 -> fields.add(at, new Field(pick("extra", "", "__proto__", "constructor", "TYPE", "type ",
                        "chat_id\u0000", "données", randomWord()), oddValue()));
                case 4 -> {
                    if (!fields.isEmpty()) {
                        fields.set(at, new Field(fields.get(at).key(), "null"));
                    }
                }
                case 5 -> { // a long string
                    if (!fields.isEmpty()) {
                        // Up to 40,000 bytes: two in one frame may pass the 64 KiB limit, one never does.
                        fields.set(at, new Field(fields.get(at).key(), quote(pick("x", "é", "€", "\uD83D\uDE00")
                                .repeat(pick(List.of(1000, 5000, 10_000))))));
                    }
                }
                default -> {
                    if (!fields.isEmpty()) {
                        fields.set(at, new Field(fields.get(at).key(), oddValue()));
                    }
                }
            }
        }
        String json = render(fields);
        if (chance(0.15)) { // broken around the object
            json = switch (below(8)) {
                case 0 -> json.substring(0, below(json.length()));
                case 1 -> json + pick("}", "]", "x", ",", "{}", " {\"type\":\"ping\"}", "\u0000");
                case 2 -> "\uFEFF" + json;
                case 3 -> json.replace("\"", "'");
                case 4 -> json.replaceFirst("}$", ",}");
                case 5 -> "/* c */" + json;
                case 6 -> " \t\r\n " + json + " \n";
                default -> "[" + json + "]";
            };
        }
        return json;
    }

    private String renamed(String key) {
        if (key.isEmpty()) {
            return "_";
        }
        return switch (below(5)) {
            case 0 -> key.toUpperCase();
            case 1 -> key.replace("_", "");
            case 2 -> key + "s";
            case 3 -> " " + key;
            default -> Character.toUpperCase(key.charAt(0)) + key.substring(1).replace("_i", "I").replace("_t", "T");
        };
    }

    // ---------------------------------------------------------------- WebSocket frames

    /** Every frame type a client may send (docs/protocol.md), and auth's other name. */
    static final List<String> FRAME_TYPES = List.of("auth", "authenticate", "join_chat", "leave_chat", "send_message",
            "typing", "read_message", "stop_generation", "request_human", "ping", "refresh_token", "chat_message",
            "save_conversation_as_template", "optimize_prompt");

    /** A valid frame of {@code type}, naming the fixture's chat and message. */
    List<Field> validFrame(String type) {
        String chat = Long.toString(known.chatId());
        List<Field> frame = fields("type", quote(type));
        switch (type) {
            case "auth", "authenticate" -> frame.add(new Field("token", quote(known.staffToken())));
            case "join_chat" -> {
                frame.add(new Field("chat_id", chat));
                if (chance(0.1)) { // a replay costs the server a page of history: now and then
                    frame.add(new Field("since_seq", Integer.toString(below(5))));
                }
            }
            case "leave_chat", "stop_generation", "request_human" -> frame.add(new Field("chat_id", chat));
            case "send_message" -> frame.addAll(fields("chat_id", chat, "content", quote("fuzz " + randomWord()),
                    "message_type", quote("text"), "reply_to_message_id", known.messageId(),
                    "entity_ref", "{\"type\":\"order\",\"id\":\"42\"}", "client_message_id", quote("c-" + random.nextLong())));
            case "typing" -> frame.addAll(fields("chat_id", chat, "is_typing", chance(0.5)));
            case "read_message" -> frame.addAll(fields("chat_id", chat, "message_id", known.messageId()));
            case "refresh_token" -> frame.add(new Field("token", quote(known.staffToken())));
            case "chat_message", "optimize_prompt" -> frame.addAll(fields("content", quote("help me " + randomWord()),
                    "message_id", quote("m-" + random.nextLong())));
            case "save_conversation_as_template" -> frame.addAll(fields("title", quote("t"), "category",
                    quote("writing"), "include_ai_responses", "true", "description", quote("d")));
            default -> { } // ping
        }
        return frame;
    }

    private String frameType() {
        // auth frames with a bad token close the connection (1008): fewer of them, so fewer connections.
        return chance(0.015) ? pick("auth", "authenticate") : pick(FRAME_TYPES.subList(2, FRAME_TYPES.size()));
    }

    /** The next fuzzed WebSocket message. */
    FrameCase frameCase(int number) {
        int roll = below(1000);
        if (roll < 270) {
            return text(number, "wrong_type", wrongType(validFrame(frameType())));
        } else if (roll < 540) {
            return text(number, "mutated", mutate(validFrame(frameType())));
        } else if (roll < 640) {
            return text(number, "huge_number", hugeNumber(validFrame(frameType())));
        } else if (roll < 690) {
            return text(number, "deep", deepFrame());
        } else if (roll < 765) {
            return text(number, "random_text", randomText());
        } else if (roll < 773) { // these three fail the connection (1007): each costs a connection of its own
            return bytes(number, "random_bytes_text", 0x1, randomBytes());
        } else if (roll < 785) {
            return bytes(number, "random_bytes_binary", 0x2, randomBytes());
        } else if (roll < 795) {
            return bytes(number, "broken_utf8", 0x1, brokenUtf8(render(validFrame(frameType()))));
        } else if (roll < 895) {
            return fragmented(number);
        } else if (roll < 900) {
            return oversize(number);
        } else if (roll < 905) {
            return protocolViolation(number);
        }
        return text(number, "valid", render(validFrame(frameType())));
    }

    private String wrongType(List<Field> frame) {
        int at = below(frame.size());
        frame.set(at, new Field(frame.get(at).key(), oddValue()));
        return render(frame);
    }

    private String hugeNumber(List<Field> frame) {
        List<Integer> numeric = new ArrayList<>();
        for (int i = 0; i < frame.size(); i++) {
            if (frame.get(i).key().matches("chat_id|since_seq|message_id|reply_to_message_id")) {
                numeric.add(i);
            }
        }
        int at = numeric.isEmpty() ? -1 : pick(numeric);
        Field field = at < 0 ? new Field(pick("chat_id", "since_seq", "message_id"), "") : frame.get(at);
        Field huge = new Field(field.key(), chance(0.85) ? oddNumber() : pick(NOT_NUMBERS));
        if (at < 0) {
            frame.add(huge);
        } else {
            frame.set(at, huge);
        }
        return render(frame);
    }

    private String deepFrame() {
        int depth = pick(List.of(1000, 1001, 5000, 10_000));
        return switch (below(5)) {
            case 0 -> nested("[", "", "]", depth);
            case 1 -> nested("{\"a\":", "1", "}", depth);
            case 2 -> "[".repeat(depth); // never closed
            case 3 -> "{\"type\":\"send_message\",\"chat_id\":" + known.chatId() + ",\"content\":\"x\",\"entity_ref\":"
                    + nested("{\"type\":", "\"x\"", "}", Math.min(depth, 9000)) + "}";
            default -> "{\"type\":\"join_chat\",\"chat_id\":" + nested("[", "1", "]", depth) + "}";
        };
    }

    private String randomText() {
        return switch (below(4)) {
            case 0 -> randomUnicode(below(200));
            case 1 -> { // JSON's own characters, shuffled
                StringBuilder soup = new StringBuilder();
                for (int i = 0, n = below(120); i < n; i++) {
                    soup.append(pick("{", "}", "[", "]", "\"", ":", ",", "\"type\"", "\"ping\"", "1", "-", "e", "null",
                            "true", "\\", "\\u", " ", "\"chat_id\"", "0"));
                }
                yield soup.toString();
            }
            case 2 -> pick("", " ", "\n", "null", "true", "1", "\"ping\"", "[]", "{}", "{\"type\":null}",
                    "{\"type\":1}", "{\"type\":\"\"}", "{\"type\":[\"ping\"]}", "{\"type\":\"PING\"}");
            default -> "{\"type\":" + quote(randomWord()) + "}";
        };
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[pick(List.of(1, 2, 7, 64, 125, 126, 1000, 4096))];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Bytes that are no UTF-8: lone continuation bytes, cut sequences, overlong forms, encoded surrogates. */
    private static final List<byte[]> BROKEN_UTF8 = List.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xbf},
            new byte[] {(byte) 0xc3}, new byte[] {(byte) 0xe2, (byte) 0x82}, new byte[] {(byte) 0xc0, (byte) 0xaf},
            new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xf8, (byte) 0x88,
                    (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xfe}, new byte[] {(byte) 0xff});

    private byte[] brokenUtf8(String json) {
        byte[] valid = json.getBytes(StandardCharsets.UTF_8);
        byte[] bad = pick(BROKEN_UTF8);
        int at = chance(0.3) ? valid.length : below(valid.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, at);
        out.writeBytes(bad);
        out.write(valid, at, valid.length - at);
        return out.toByteArray();
    }

    /** A message in 2 to 6 fragments, sometimes with a ping between them, sometimes cut inside a character. */
    private FrameCase fragmented(int number) {
        boolean binary = chance(0.05);
        String json = chance(0.5) ? render(validFrame(frameType())) : mutate(validFrame(frameType()));
        if (chance(0.3)) {
            json = json.replace("fuzz ", "fuzz é€\uD83D\uDE00 "); // multi-byte characters to cut through
        }
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        int parts = 2 + below(5);
        List<Integer> cuts = new ArrayList<>();
        for (int i = 1; i < parts; i++) {
            cuts.add(below(payload.length + 1));
        }
        cuts.sort(null);
        List<WireFrame> frames = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.size(); i++) {
            int to = i < cuts.size() ? cuts.get(i) : payload.length;
            byte[] piece = java.util.Arrays.copyOfRange(payload, from, to);
            frames.add(new WireFrame(i == cuts.size(), i == 0 ? (binary ? 0x2 : 0x1) : 0x0, piece));
            if (i < cuts.size() && chance(0.2)) { // control frames may come between fragments
                frames.add(new WireFrame(true, 0x9, "fuzz".getBytes(StandardCharsets.US_ASCII)));
            }
            from = to;
        }
        return new FrameCase(number, binary ? "fragmented_binary" : "fragmented", frames,
                binary ? Set.of(1003) : mayClose(json, payload.length), binary || maySilence(json));
    }

    private FrameCase oversize(int number) {
        String frame = switch (below(4)) {
            case 0 -> "{\"type\":\"send_message\",\"chat_id\":" + known.chatId() + ",\"content\":" + quote("x".repeat(100_000)) + "}";
            case 1 -> "{\"type\":\"ping\",\"pad\":" + quote("y".repeat(MAX_FRAME_BYTES)) + "}";
            case 2 -> nested("[", "", "]", 40_000); // deep and too large
            default -> "{\"type\":\"typing\",\"chat_id\":" + known.chatId() + ",\"is_typing\":true,\"pad\":"
                    + quote("€".repeat(30_000)) + "}"; // few characters, many bytes
        };
        return text(number, "oversize", frame);
    }

    /** Frames the WebSocket protocol forbids: the server fails the connection (1002), nothing worse. */
    private FrameCase protocolViolation(int number) {
        byte[] ping = "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        List<WireFrame> frames = switch (below(5)) {
            case 0 -> List.of(new WireFrame(true, 0x0, ping)); // a continuation of nothing
            case 1 -> List.of(new WireFrame(false, 0x1, ping), new WireFrame(true, 0x1, ping)); // a new message mid-message
            case 2 -> List.of(new WireFrame(false, 0x9, new byte[0]), new WireFrame(true, 0x0, new byte[0])); // a fragmented ping
            case 3 -> List.of(new WireFrame(true, 0x9, new byte[126])); // a control frame over 125 bytes
            default -> List.of(new WireFrame(true, 0x3 + below(5), ping)); // an opcode nobody defined
        };
        return new FrameCase(number, "protocol_violation", frames, Set.of(1002, 1003), false);
    }

    private FrameCase text(int number, String kind, String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        return new FrameCase(number, kind, List.of(new WireFrame(true, 0x1, payload)), mayClose(json, payload.length),
                maySilence(json));
    }

    private FrameCase bytes(int number, String kind, int opcode, byte[] payload) {
        boolean utf8 = isUtf8(payload);
        String text = new String(payload, StandardCharsets.UTF_8);
        // Parley reads text only: a binary frame is ignored (or refused with 1003). Text that is no UTF-8 fails
        // the connection (1007, RFC 6455 section 8.1).
        Set<Integer> close = opcode == 0x2 ? Set.of(1003) : utf8 ? mayClose(text, payload.length) : Set.of(1007);
        return new FrameCase(number, kind, List.of(new WireFrame(true, opcode, payload)), close,
                opcode == 0x2 || (utf8 && maySilence(text)));
    }

    static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** What may close: a frame over the limit (1009), an auth frame with a token that is not this account's (1008). */
    static Set<Integer> mayClose(String json, int bytes) {
        if (bytes > MAX_FRAME_BYTES) {
            return Set.of(1009);
        }
        String type = typeOf(json);
        return "auth".equals(type) || "authenticate".equals(type) ? Set.of(1008) : Set.of();
    }

    /** Typing, reads and stops answer the sender nothing when they succeed. */
    static boolean maySilence(String json) {
        String type = typeOf(json);
        return type != null && Set.of("typing", "read_message", "stop_generation", "request_human").contains(type);
    }

    /** The {@code type} the server reads from a frame (the last of duplicate keys), or null. */
    static String typeOf(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object && object.get("type") instanceof JsonString type
                    ? type.getString() : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    // ---------------------------------------------------------------- REST

    /**
     * A REST endpoint: its path (with {placeholders}), the methods it answers, a valid body for them, and how
     * often it is picked (those that hash a password cost the server a fifth of a second each time).
     */
    record Endpoint(String path, Set<String> methods, String body, double weight) {
    }

    /** Real path parameters of the REST fixture; garbage ones are drawn beside them. */
    record PathIds(Map<String, String> real) {
    }

    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    static final List<String> GARBAGE_IDS = List.of("abc", "-1", "0", "1.5", "99999999999999999999", "2147483648",
            "9223372036854775808", "%00", "%2e%2e", "..", "%2F", "null", "undefined", "1;x=1", "1%3B", "1e3", "0x10",
            "%201", "%0A", "%C3%A9", "%FF", "%C0%AF", "~", "*", "%25", "x".repeat(1000), "00000000-0000-0000-0000-000000000000",
            "7f1c1f5e-8d5b-4a77-9d5e-3f0e9a1b2c3d", "%7B%7D", "'%20OR%201=1--", "%E2%80%AE");

    static final List<String> QUERY_NAMES = List.of("page", "page_size", "after_seq", "is_archived", "chat_type", "q",
            "tenant_id", "token", "session_id", "tenant", "batch", "stream");

    static final List<String> ODD_QUERY_VALUES = List.of("abc", "-1", "0", "1", "99999999999999999999", "2147483648",
            "-2147483649", "1e9", "1.5", "", "%00", "NaN", "true", "TRUE", "yes", "visitor", "user_customer", "VISITOR",
            "%FF", "%C0%AF", "x".repeat(1500), "%E2%80%AE", "%0D%0A", "a%26b%3Dc", "9223372036854775807");

    /** An odd string for a path or query, short enough that the request stays under the container's limits. */
    private String encodedOdd() {
        String odd = oddString();
        return URLEncoder.encode(odd.substring(0, Math.min(odd.length(), 600)), StandardCharsets.UTF_8);
    }

    /** The next fuzzed request against one of {@code endpoints}. */
    RestCase restCase(int number, List<Endpoint> endpoints, PathIds ids, Map<String, String> bodies) {
        Endpoint endpoint = weighted(endpoints);
        String method = chance(0.8) ? pick(List.copyOf(new java.util.TreeSet<>(endpoint.methods()))) : pick(METHODS);
        StringBuilder path = new StringBuilder();
        java.util.regex.Matcher placeholder = java.util.regex.Pattern.compile("\\{([a-z]+)}").matcher(endpoint.path());
        while (placeholder.find()) {
            String real = ids.real().get(placeholder.group(1));
            String value = real != null && chance(0.6) ? real : chance(0.8) ? pick(GARBAGE_IDS) : encodedOdd();
            placeholder.appendReplacement(path, java.util.regex.Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(path);
        String kind = "endpoint";
        if (chance(0.45)) {
            kind = "query";
            StringBuilder query = new StringBuilder();
            for (int i = 0, n = 1 + below(3); i < n; i++) {
                query.append(i == 0 ? '?' : '&').append(chance(0.9) ? pick(QUERY_NAMES) : encodedOdd()).append('=')
                        .append(chance(0.7) ? pick(ODD_QUERY_VALUES) : encodedOdd());
            }
            path.append(query);
        }
        List<String> headers = new ArrayList<>();
        switch (below(20)) {
            case 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 -> headers.addAll(List.of("Authorization", "Bearer " + known.staffToken()));
            case 11, 12 -> headers.addAll(List.of("Authorization", "Bearer " + known.customerToken()));
            case 13, 14, 15, 16 -> {
                kind = "authorization";
                headers.addAll(List.of("Authorization", garbageAuthorization()));
            }
            default -> { } // anonymous
        }
        if (chance(0.3)) {
            kind = "headers";
            for (int i = 0, n = 1 + below(2); i < n; i++) {
                headers.addAll(oddHeader());
            }
        }
        // The request line and headers stay under the container's header buffer (8 KiB): "huge" means huge
        // for Parley, not a request Payara refuses before Parley sees it.
        while (path.length() + headers.stream().mapToInt(h -> h.length() + 4).sum() > 7000 && headers.size() > 2) {
            headers.subList(headers.size() - 2, headers.size()).clear();
        }
        if (path.length() > 5000) {
            int cut = path.lastIndexOf("&", 5000);
            path.setLength(cut > 0 ? cut : 5000);
            while (path.charAt(path.length() - 1) == '%' || path.charAt(path.length() - 2) == '%') {
                path.setLength(path.length() - 1); // never half an escape
            }
        }
        byte[] body = null;
        boolean takesBody = Set.of("POST", "PUT", "PATCH").contains(method) || chance(0.05);
        if (takesBody && "upload".equals(endpoint.body()) && chance(0.7)) {
            kind = "body_multipart";
            String boundary = pick("b", "----fuzz", "x".repeat(70), "\"quoted\"", "");
            headers.addAll(List.of("Content-Type", pick("multipart/form-data; boundary=" + boundary,
                    "multipart/form-data", "multipart/mixed; boundary=" + boundary, "multipart/form-data; boundary=other")));
            body = multipart(boundary);
        } else if (takesBody) {
            String template = endpoint.body() == null ? null : bodies.get(endpoint.body());
            int roll = template == null ? 68 + below(32) : below(100); // without a template, only what needs none
            if (roll < 30 && template != null) {
                kind = "body_wrong_type";
                body = bytes(wrongType(parseFields(template)));
            } else if (roll < 60 && template != null) {
                kind = "body_mutated";
                body = bytes(mutate(parseFields(template)));
            } else if (roll < 68 && template != null) {
                kind = "body_huge_number";
                body = bytes(hugeNumber(parseFields(template)));
            } else if (roll < 74) {
                kind = "body_deep";
                body = bytes(chance(0.5) ? deepFrame() : nested("[", "", "]", 10_000));
            } else if (roll < 78) {
                kind = "body_random_bytes";
                body = randomBytes();
            } else if (roll < 82 && template != null) {
                kind = "body_broken_utf8";
                body = brokenUtf8(template);
            } else if (roll < 86) {
                kind = "body_broken_json";
                body = bytes(randomText());
            } else if (roll < 89 && template != null) {
                kind = "body_1mb_string";
                List<Field> fields = parseFields(template);
                int at = below(fields.size());
                // About 1 MB: under Parley's 1 MiB limit, or just over it (413).
                int length = chance(0.5) ? 1_000_000 : 1_048_577;
                fields.set(at, new Field(fields.get(at).key(), quote("x".repeat(length))));
                body = bytes(render(fields));
            } else if (roll < 92) {
                kind = "body_content_type";
                body = bytes(template == null ? "{}" : template);
                headers.addAll(List.of("Content-Type", pick("text/plain", "application/xml", "multipart/form-data",
                        "multipart/form-data; boundary=x", "application/json; charset=latin1", "a/b/c", "*/*",
                        "application/x-www-form-urlencoded", "application/json;;;", "application/merge-patch+json")));
            } else {
                kind = "body_valid";
                body = bytes(template == null ? "{}" : template);
            }
        }
        return new RestCase(number, kind, endpoint.path(), method, path.toString(), headers, body);
    }

    /** A multipart body that is almost right: odd part names, file names and types, random content, cut short. */
    private byte[] multipart(String boundary) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int part = 0, parts = 1 + below(2); part < parts; part++) {
            String name = pick("file", "file", "files", "", "FILE", headerSafe(oddString()));
            String fileName = pick("a.txt", "a.png", "", "../../a.txt", "a\u0000.txt", "\u202Etxt.exe", "x".repeat(300),
                    headerSafe(oddString()));
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + fileName + "\"\r\nContent-Type: " + pick("text/plain", "image/png", "image/svg+xml",
                    "application/octet-stream", "", "a/b") + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(switch (below(4)) {
                case 0 -> new byte[0];
                case 1 -> bytes("hello " + randomWord());
                case 2 -> new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
                default -> randomBytes();
            });
            body.writeBytes(("\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (chance(0.8)) {
            body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return body.toByteArray();
    }

    private Endpoint weighted(List<Endpoint> endpoints) {
        double total = endpoints.stream().mapToDouble(Endpoint::weight).sum();
        double at = random.nextDouble() * total;
        for (Endpoint endpoint : endpoints) {
            at -= endpoint.weight();
            if (at < 0) {
                return endpoint;
            }
        }
        return endpoints.get(endpoints.size() - 1);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The members of a valid body template (a flat or nested JSON object), in order. */
    static List<Field> parseFields(String json) {
        List<Field> fields = new ArrayList<>();
        try (var reader = Json.createReader(new StringReader(json))) {
            reader.readObject().forEach((key, value) -> fields.add(new Field(key, value.toString())));
        }
        return fields;
    }

    private String garbageAuthorization() {
        String valid = known.staffToken();
        return switch (below(12)) {
            case 0 -> "Bearer " + valid.substring(0, below(valid.length()));
            case 1 -> "Bearer " + valid + pick("x", ".", "..", " ", "=");
            case 2 -> "Basic " + java.util.Base64.getEncoder().encodeToString("a:b".getBytes(StandardCharsets.UTF_8));
            case 3 -> "Bearer";
            case 4 -> "Bearer ";
            case 5 -> "bearer " + valid;
            case 6 -> valid;
            case 7 -> "Bearer " + "A".repeat(pick(List.of(1000, 3000)));
            case 8 -> "Bearer " + pick(known.otherTokens());
            case 9 -> "Bearer " + pick("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", "a.b.c", "...", "e30.e30.e30",
                    "eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo", "rt_" + "A".repeat(43),
                    "pk_deadbeef_" + "A".repeat(43));
            case 10 -> "Bearer " + valid.replace(".", pick("", "_", "-"));
            default -> pick("Digest x", "Negotiate", "Bearer  " + valid, "Bearer\t" + valid, "ÿÿÿ", "%00", "Bearer null");
        };
    }

    /** A header a client should not send like this; values stay printable and under the container's header limit. */
    private List<String> oddHeader() {
        String odd = headerSafe(oddString());
        return switch (below(14)) {
            case 0, 1 -> List.of("X-Tenant-ID", pick(known.tenantId(), known.tenantSlug(), known.tenantSlug().toUpperCase(),
                    odd, "%00", "*", "../..", "t-ü", known.tenantId() + "," + known.tenantSlug(), "x".repeat(4000)));
            case 2 -> List.of(pick("X-Tenant", "Tenant-ID", "tenant"), pick(odd, known.tenantSlug(), "other"));
            case 3 -> List.of("X-API-Key", pick(odd, "pk_deadbeef_" + "A".repeat(43), "pk_", "pk__", "x".repeat(2000)));
            case 4 -> List.of("X-Platform-Key", pick(odd, "", "test-operator-key", "x".repeat(1000)));
            case 5 -> List.of("X-Session-ID", pick(odd, "s", "x".repeat(129), "x".repeat(2000)));
            case 6 -> List.of("X-Forwarded-For", pick(odd, "1.2.3.4, 5.6.7.8", "::1", "999.999.999.999", "unknown",
                    "[::1]:80", "1.2.3.4".repeat(500), ",,,", "0x7f000001"));
            case 7 -> List.of("Origin", pick(odd, "null", "https://evil.example", "http://localhost:3000",
                    "http://localhost:3000/", "HTTP://LOCALHOST:3000", "file://"));
            case 8 -> List.of("Accept", pick(odd, "text/html", "application/xml", "*/*", "application/json;q=0",
                    "garbage", "text/*;q=1, application/json;q=0.1"));
            case 9 -> List.of("Range", pick(odd, "bytes=0-0", "bytes=999999999-", "bytes=-0", "bytes=5-1", "bytes=0-1,2-3",
                    "bytes=99999999999999999999-", "items=0-1"));
            case 10 -> List.of("If-None-Match", pick(odd, "*", "\"x\"", "W/\"x\""));
            case 11 -> List.of("Access-Control-Request-Method", pick("GET", "DELETE", "FOO", odd));
            case 12 -> List.of("X-Huge", "h".repeat(pick(List.of(1000, 3000))));
            default -> List.of("Accept-Language", pick(odd, "*", "xx-YY;q=2"));
        };
    }

    /**
     * Header values the HTTP client accepts (visible Latin-1 and spaces, no control characters), and at most
     * 2,000 of them: the request must stay under the container's 8 KiB of headers.
     */
    private static String headerSafe(String text) {
        StringBuilder safe = new StringBuilder();
        text.codePoints().limit(2000).forEach(c -> safe.append(c >= 0x20 && c != 0x7f && c <= 0xff ? (char) c : '?'));
        return safe.toString().strip();
    }

    static String abbreviate(String text, int max) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= max ? printable
                : printable.substring(0, max / 2) + "…(" + printable.length() + " chars)…" + printable.substring(printable.length() - max / 2);
    }

    static String hex(byte[] bytes, int max) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, max); i++) {
            hex.append(String.format("%02x", bytes[i]));
        }
        return "0x" + hex + (bytes.length > max ? "…" : "");
    }
}
