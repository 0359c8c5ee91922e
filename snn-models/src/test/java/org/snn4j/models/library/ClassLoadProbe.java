package org.snn4j.models.library;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Run in a fresh JVM by {@link NoSideEffectsAtClassLoadTest}: initialises every snn4j library class found on the
 * class path given as the first argument and prints each system property that changed, whether System.out or
 * System.err was replaced, and how many classes it loaded.
 */
public final class ClassLoadProbe {
    private ClassLoadProbe() {
    }

    public static void main(String[] args) throws IOException {
        // The JDK sets user.timezone lazily the first time the default zone is asked for: settle it first.
        java.util.TimeZone.getDefault();
        Map<String, String> before = snapshot(System.getProperties());
        PrintStream out = System.out;
        PrintStream err = System.err;
        List<String> classes = new ArrayList<>();
        for (String entry : args[0].split(java.io.File.pathSeparator)) {
            Path p = Paths.get(entry);
            if (Files.isDirectory(p) && p.getFileName().toString().equals("classes")) {
                try (Stream<Path> files = Files.walk(p)) {
                    files.filter(f -> f.toString().endsWith(".class"))
                            .map(f -> p.relativize(f).toString())
                            .filter(n -> n.startsWith("org/snn4j/"))
                            .forEach(n -> classes.add(n));
                }
            } else if (entry.matches(".*/snn-(core|data|models)-[^/]*\\.jar") && !entry.endsWith("-tests.jar")) {
                try (JarFile jar = new JarFile(entry)) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        String n = e.nextElement().getName();
                        if (n.startsWith("org/snn4j/") && n.endsWith(".class")) {
                            classes.add(n);
                        }
                    }
                }
            }
        }
        int loaded = 0;
        for (String n : classes) {
            String name = n.substring(0, n.length() - ".class".length()).replace('/', '.');
            try {
                Class.forName(name, true, ClassLoadProbe.class.getClassLoader());
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                out.println("failed " + name + ": " + e);
            }
        }
        Map<String, String> after = snapshot(System.getProperties());
        for (String k : after.keySet()) {
            if (!after.get(k).equals(before.get(k))) {
                out.println("changed property " + k + "=" + after.get(k));
            }
        }
        for (String k : before.keySet()) {
            if (!after.containsKey(k)) {
                out.println("removed property " + k);
            }
        }
        if (System.out != out || System.err != err) {
            out.println("replaced System.out or System.err");
        }
        out.println("loaded " + loaded);
    }

    private static Map<String, String> snapshot(Properties p) {
        Map<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k, p.getProperty(k));
        }
        return m;
    }
}
