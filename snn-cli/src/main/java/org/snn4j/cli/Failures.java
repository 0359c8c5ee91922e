package org.snn4j.cli;

import org.snn4j.core.io.IoReason;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a failure reads on the user's one line: its message in words, without exception class names. */
final class Failures {
    /** A class name prefix such as "java.nio.file.NoSuchFileException: " that wrapping exceptions put in messages. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("(?:[a-z_$][\\w$]*\\.)*([A-Z][\\w$]*(?:Exception|Error)): ");

    private Failures() {
    }

    /** The one line for a failure the commands did not anticipate (a bug, a resource limit). */
    static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof OutOfMemoryError) {
                return "out of memory (" + clean(String.valueOf(c.getMessage())) + "); give Java more with "
                        + "SNN_JAVA_OPTS=\"-Xmx8g ...\" or use smaller settings (--batch, --timesteps)";
            }
            if (c.getCause() == c) {
                break;
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String name = root.getClass().getSimpleName();
        String msg = root.getMessage() == null ? "" : clean(root.getMessage());
        return msg.isEmpty() ? "unexpected " + name + " (an snn4j bug: please report it with the --debug output)"
                : msg + " (" + name + ")";
    }

    /** {@code message} on one line, with class-name prefixes such as "java.io.IOException: " said in words or dropped. */
    static String clean(String message) {
        if (message == null) {
            return "";
        }
        Matcher m = CLASS_PREFIX.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(words(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString().replaceAll("[\\p{Cntrl}]+", " ").trim();
    }

    /** A class-name prefix said in words ({@link IoReason#phrase}), or dropped. */
    private static String words(String simpleName) {
        String phrase = IoReason.phrase(simpleName);
        return phrase == null ? "" : phrase + ": ";
    }
}
