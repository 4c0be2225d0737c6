package dev.tandem.agent.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * SIGHUP → reload, through {@code sun.misc.Signal} (module jdk.unsupported) when the JVM has it. Looked up
 * reflectively: the API is optional, and javac warns on every direct use of it with no way to silence it.
 */
final class Sighup {
    private Sighup() {
    }

    /** Installs {@code onHup}; false where the signal or the API is not available (e.g. Windows, -Xrs). */
    static boolean install(Runnable onHup) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object hup = signalClass.getConstructor(String.class).newInstance("HUP");
            Object handler = Proxy.newProxyInstance(Sighup.class.getClassLoader(), new Class<?>[] {handlerClass},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return objectMethod(proxy, method, args);
                    }
                    onHup.run();
                    return null;
                });
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, hup, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // InvocationTargetException wraps Signal's own IllegalArgumentException for an unknown or reserved signal.
            return false;
        }
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "SIGHUP reload handler";
        };
    }
}
