package dev.tandem.driver.internal.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** What every config source shares: the snapshot in force, its listeners, refresh time and last error. */
abstract class AbstractConfigSource implements ConfigSource {
    private final List<Consumer<ConfigSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private volatile ConfigSnapshot current;
    private volatile long lastRefreshNanos;
    private volatile String lastError;

    /** Sets the first snapshot (no listeners yet). */
    protected final void initial(ConfigSnapshot snapshot) {
        current = snapshot;
        confirmed();
    }

    /** Puts {@code next} in force and tells the listeners. */
    protected final void publish(ConfigSnapshot next) {
        current = next;
        confirmed();
        for (Consumer<ConfigSnapshot> l : listeners) {
            l.accept(next);
        }
    }

    /** The source read its config successfully (changed or not). */
    protected final void confirmed() {
        lastRefreshNanos = System.nanoTime();
        lastError = null;
    }

    /** Records a failed or rejected read; returns true if the message differs from the previous one. */
    protected final boolean failed(String message) {
        boolean isNew = !message.equals(lastError);
        lastError = message;
        return isNew;
    }

    @Override
    public final ConfigSnapshot current() {
        return current;
    }

    @Override
    public final void onChange(Consumer<ConfigSnapshot> listener) {
        listeners.add(listener);
    }

    @Override
    public final long lastRefreshNanos() {
        return lastRefreshNanos;
    }

    @Override
    public final String lastError() {
        return lastError;
    }
}
