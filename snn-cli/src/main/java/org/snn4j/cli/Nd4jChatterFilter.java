package org.snn4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * The snn command's stdout: passes every line through except the "Added differentiated op ..." lines that
 * ND4J 1.0.0-M2.1's {@code SameDiff.createGradFunction} prints with {@code System.out.println} (no logger
 * to turn off). Installed once by {@link SnnCli#main}; the library never touches System.out.
 */
final class Nd4jChatterFilter extends PrintStream {
    static final String PREFIX = "Added differentiated op ";

    Nd4jChatterFilter(PrintStream target) {
        super(new LineFilter(target), true, Charset.defaultCharset());
    }

    private static final class LineFilter extends OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineFilter(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') {
                emit();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() {
            // A partial line (a progress bar's \r updates) goes out now unless it may still become chatter.
            String pending = line.toString(Charset.defaultCharset());
            if (!PREFIX.startsWith(pending) && !pending.startsWith(PREFIX)) {
                emit();
            }
            target.flush();
        }

        private void emit() {
            String s = line.toString(Charset.defaultCharset());
            line.reset();
            if (!s.startsWith(PREFIX)) {
                target.print(s);
            }
        }
    }
}
