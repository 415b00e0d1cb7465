package dev.mirrorline.testsupport;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * A test's child JVM, as on a server: no OSGi, a plain classpath made of this test runtime's
 * bundles, so that a test can kill it, restart it, or run it in another network namespace.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** @return the java command that runs this JVM */
    public static String javaCommand() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    /**
     * @param codeSources classes whose bundles must come first (a test fragment's own classes,
     *        which are directories in the build); one must be in a started bundle
     * @return every bundle of this OSGi runtime as a classpath for a JVM without OSGi
     */
    public static String classpath(Class<?>... codeSources) {
        List<String> entries = new ArrayList<>();
        try {
            for (Class<?> type : codeSources) {
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            }
            Path installArea = Path.of(new URI(System.getProperty("osgi.install.area").replace(" ", "%20")));
            for (Bundle bundle : runningContext(codeSources).getBundles()) {
                String location = bundle.getLocation();
                int file = location.indexOf("file:");
                if (file < 0) {
                    continue;
                }
                Path path = Path.of(location.substring(file + "file:".length()));
                if (!path.isAbsolute()) {
                    path = installArea.resolve(path).normalize(); // Equinox keeps locations relative to it
                }
                if (Files.exists(path)) {
                    entries.add(path.toString());
                    Path classes = path.resolve("target/classes");
                    if (Files.isDirectory(classes)) {
                        entries.add(classes.toString());
                    }
                }
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException("The OSGi install area is not a file URI", e);
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * A context to list the runtime's bundles with: this bundle is only resolved (nothing starts
     * it), so the context of a started bundle among the classes' is taken.
     */
    private static BundleContext runningContext(Class<?>... classes) {
        for (Class<?> type : classes) {
            Bundle bundle = FrameworkUtil.getBundle(type);
            if (bundle != null && bundle.getBundleContext() != null) {
                return bundle.getBundleContext();
            }
        }
        throw new IllegalStateException("None of " + List.of(classes) + " is in a started bundle");
    }

    /**
     * @param anyClassOfAStartedBundle e.g. the test's own class
     * @return where the bundles of this runtime come from, for a failure message
     */
    public static List<String> bundleLocations(Class<?> anyClassOfAStartedBundle) {
        List<String> locations = new ArrayList<>();
        for (Bundle bundle : runningContext(anyClassOfAStartedBundle).getBundles()) {
            locations.add(bundle.getLocation());
        }
        return locations;
    }
}
