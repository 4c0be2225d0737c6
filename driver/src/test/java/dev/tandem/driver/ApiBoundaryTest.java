package dev.tandem.driver;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The declared API: tools (the agent, the benchmarks, the Spring Boot starter) use {@code dev.tandem.driver},
 * {@code .spec} and {@code .schema} only, and those packages' public signatures name no {@code internal} type.
 */
class ApiBoundaryTest {
    private static final String INTERNAL = "dev.tandem.driver.internal";
    private static final List<String> API_PACKAGES = List.of("dev.tandem.driver", "dev.tandem.driver.spec",
        "dev.tandem.driver.schema");
    /** Relative to the driver module, where Surefire runs. */
    private static final List<Path> TOOL_SOURCES = List.of(Path.of("../control-agent/src/main/java"),
        Path.of("../benchmarks/src/main/java"), Path.of("../spring-boot-starter/src/main/java"));
    private static final Path DRIVER_SOURCES = Path.of("src/main/java");

    @Test
    void toolsDoNotUseInternalPackages() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path root : TOOL_SOURCES) {
            assertThat(root).as("tool sources (run from the driver module)").isDirectory();
            for (Path file : javaFiles(root)) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains(INTERNAL)) {
                        found.add(file.normalize() + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(found).as("main sources of the agent, the benchmarks and the starter that use " + INTERNAL
            + " (give them what they need in the API packages)").isEmpty();
    }

    @Test
    void apiSignaturesExposeNoInternalType() throws Exception {
        List<String> found = new ArrayList<>();
        for (String pkg : API_PACKAGES) {
            Path dir = DRIVER_SOURCES.resolve(pkg.replace('.', '/'));
            assertThat(dir).isDirectory();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String name = file.getFileName().toString().replace(".java", "");
                    if (!name.equals("package-info")) {
                        check(Class.forName(pkg + "." + name), found);
                    }
                }
            }
        }
        assertThat(found).as("public API signatures that name an internal type").isEmpty();
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** Collects every visible member of a public class (and of its public nested classes) naming an internal type. */
    private static void check(Class<?> c, List<String> found) {
        if (!Modifier.isPublic(c.getModifiers())) {
            return;
        }
        checkType(c.getName() + " extends", c.getGenericSuperclass(), found);
        for (Type t : c.getGenericInterfaces()) {
            checkType(c.getName() + " implements", t, found);
        }
        for (Field f : c.getDeclaredFields()) {
            if (visible(f)) {
                checkType(c.getName() + "." + f.getName(), f.getGenericType(), found);
            }
        }
        List<Executable> executables = new ArrayList<>(List.of(c.getDeclaredMethods()));
        executables.addAll(List.<Constructor<?>>of(c.getDeclaredConstructors()));
        for (Executable e : executables) {
            if (!visible(e) || e.isSynthetic()) {
                continue;
            }
            String where = c.getName() + "." + e.getName();
            if (e instanceof Method m) {
                checkType(where + " returns", m.getGenericReturnType(), found);
            }
            for (Type t : e.getGenericParameterTypes()) {
                checkType(where + " takes", t, found);
            }
            for (Type t : e.getGenericExceptionTypes()) {
                checkType(where + " throws", t, found);
            }
        }
        for (Class<?> nested : c.getDeclaredClasses()) {
            check(nested, found);
        }
    }

    private static boolean visible(Member m) {
        return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
    }

    private static void checkType(String where, Type type, List<String> found) {
        checkType(where, type, found, new HashSet<>());
    }

    /** {@code seen} stops at a type variable met again ({@code <E extends Enum<E>>}). */
    private static void checkType(String where, Type type, List<String> found, Set<Type> seen) {
        if (!seen.add(type)) {
            return;
        }
        if (type instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.getName().startsWith(INTERNAL + ".")) {
                found.add(where + " " + c.getName());
            }
        } else if (type instanceof ParameterizedType p) {
            checkType(where, p.getRawType(), found, seen);
            for (Type arg : p.getActualTypeArguments()) {
                checkType(where, arg, found, seen);
            }
        } else if (type instanceof GenericArrayType a) {
            checkType(where, a.getGenericComponentType(), found, seen);
        } else if (type instanceof WildcardType w) {
            Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds()))
                .forEach(b -> checkType(where, b, found, seen));
        } else if (type instanceof TypeVariable<?> v) {
            for (Type bound : v.getBounds()) {
                checkType(where, bound, found, seen);
            }
        }
    }
}
