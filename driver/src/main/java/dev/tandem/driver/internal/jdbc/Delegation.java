package dev.tandem.driver.internal.jdbc;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.MethodCall;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.UnaryOperator;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isDefaultMethod;

/**
 * Generates, once per hand-written wrapper base, the concrete subclass that forwards every method the
 * base leaves open to the {@code delegate} field, and hands back a constructor handle for it.
 *
 * <p>"Open" means abstract in the base, or an interface default the base does not override: a JDBC
 * default such as {@code Statement.executeLargeUpdate} must reach the vendor's implementation, not
 * the interface's fallback. The forwarding body is plain bytecode ({@code getfield delegate;
 * checkcast; invokeinterface}), so the hot path has no reflection and no proxy. Classes are defined
 * in this package through a private lookup, so they may read the package-private bases.
 */
final class Delegation {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    /** Methods the generated subclass implements by forwarding. */
    static final ElementMatcher.Junction<MethodDescription> OPEN = isAbstract().or(isDefaultMethod());

    private Delegation() {
    }

    /** The forwarding body: the intercepted method, invoked on {@code delegate} with all arguments. */
    static Implementation.Composable forward() {
        return MethodCall.invokeSelf().onField("delegate").withAllArguments()
            .withAssigner(Assigner.DEFAULT, Assigner.Typing.DYNAMIC);
    }

    /**
     * Generates {@code base}'s forwarding subclass and returns its constructor as a handle of
     * {@code type} (return type: the base).
     */
    static MethodHandle constructor(Class<?> base, MethodType type) {
        return constructor(base, type, UnaryOperator.identity());
    }

    /** As {@link #constructor(Class, MethodType)}, with {@code extra} registering more specific bodies. */
    static MethodHandle constructor(Class<?> base, MethodType type,
                                    UnaryOperator<DynamicType.Builder<?>> extra) {
        DynamicType.Builder<?> builder = new ByteBuddy()
            .subclass(TypeDescription.ForLoadedType.of(base), ConstructorStrategy.Default.IMITATE_SUPER_CLASS)
            .name(base.getName() + "$Forwarding")
            .method(OPEN).intercept(forward());
        Class<?> generated = define(extra.apply(builder));
        try {
            return LOOKUP.findConstructor(generated, type.changeReturnType(void.class)).asType(type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Generated wrapper " + generated + " lacks constructor " + type, e);
        }
    }

    /** Loads a generated type into this package (same class loader, so package access works). */
    static Class<?> define(DynamicType.Builder<?> builder) {
        return builder.make()
            .load(Delegation.class.getClassLoader(), ClassLoadingStrategy.UsingLookup.of(LOOKUP))
            .getLoaded();
    }

    /** Rethrows what a constructor handle threw; wrapper constructors throw no checked exception. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
