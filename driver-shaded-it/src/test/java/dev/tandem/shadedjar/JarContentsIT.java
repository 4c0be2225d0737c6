package dev.tandem.shadedjar;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "all" jar's entries: Tandem's classes and its libraries relocated under {@code dev/tandem/shaded/}, versioned
 * entries included (the shade plugin does not move those by itself), no Micrometer, and the driver service file.
 */
class JarContentsIT {
    private static final String SHADED = "dev/tandem/shaded/";
    private static final Pattern VERSIONED = Pattern.compile("^META-INF/versions/\\d+/");
    /** A library package in a class file's bytes that is not preceded by the relocation prefix. */
    private static final Pattern UNRELOCATED = Pattern.compile("(?<!" + SHADED + ")(net/sf/jsqlparser/"
        + "|com/github/benmanes/caffeine/|org/yaml/snakeyaml/|net/bytebuddy/|org/jspecify/|com/google/errorprone/)");

    private static final List<String> NAMES = new ArrayList<>();
    private static final List<String> UNRELOCATED_REFERENCES = new ArrayList<>();
    private static String services;
    private static String multiRelease;

    @BeforeAll
    static void readTheJar() throws IOException {
        try (JarFile jar = new JarFile(AllJar.path().toFile())) {
            multiRelease = jar.getManifest().getMainAttributes().getValue("Multi-Release");
            for (JarEntry entry : jar.stream().toList()) {
                NAMES.add(entry.getName());
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        Matcher m = UNRELOCATED.matcher(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                        if (m.find()) {
                            UNRELOCATED_REFERENCES.add(entry.getName() + " names " + m.group(1));
                        }
                    }
                }
            }
            try (InputStream in = jar.getInputStream(jar.getEntry("META-INF/services/java.sql.Driver"))) {
                services = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void everyClassIsTandemsOwnOrRelocatedUnderDevTandemShaded() {
        List<String> outside = NAMES.stream().filter(n -> n.endsWith(".class"))
            .map(n -> VERSIONED.matcher(n).replaceFirst(""))
            .filter(n -> !n.startsWith("dev/tandem/"))
            .toList();
        assertThat(outside).isEmpty();
        assertThat(UNRELOCATED_REFERENCES).isEmpty();
    }

    @Test
    void theLibrariesAreInsideAndMicrometerIsNot() {
        for (String library : List.of("net/sf/jsqlparser/parser/CCJSqlParserUtil.class",
                "com/github/benmanes/caffeine/cache/Caffeine.class", "org/yaml/snakeyaml/Yaml.class",
                "net/bytebuddy/ByteBuddy.class")) {
            assertThat(NAMES).contains(SHADED + library);
        }
        assertThat(NAMES).anyMatch(n -> n.startsWith("META-INF/versions/9/" + SHADED + "org/yaml/snakeyaml/"));
        assertThat(NAMES).noneMatch(n -> n.contains("io/micrometer/") || n.contains("HdrHistogram"));
        assertThat(multiRelease).isEqualTo("true");
    }

    @Test
    void theDriverIsRegisteredAsAJdbcService() {
        assertThat(services.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")))
            .containsExactly("dev.tandem.driver.TandemDriver");
    }
}
