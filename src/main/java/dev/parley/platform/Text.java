package dev.parley.platform;

/** Checks on text that clients send. */
public final class Text {

    private Text() {
    }

    /**
     * False when {@code text} holds a lone UTF-16 surrogate (JSON allows {@code "\ud800"}): such a string
     * has no UTF-8 form, so sending it on to other clients would fail and end their connections.
     */
    public static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
