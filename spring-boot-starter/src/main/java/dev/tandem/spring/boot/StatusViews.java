package dev.tandem.spring.boot;

import dev.tandem.driver.TandemStatus;
import dev.tandem.driver.spec.Migration;

import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link TandemStatus} as the plain maps Actuator renders as JSON: a summary and the endpoint's full view. */
final class StatusViews {

    private StatusViews() {
    }

    /** Instance, config version and age, lease and the phase of each migration by id: health and info. */
    static Map<String, Object> summary(TandemStatus status) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("instance", status.instanceId());
        if (!status.app().isEmpty()) {
            view.put("app", status.app());
        }
        view.put("control", status.control());
        view.put("configVersion", status.configVersion());
        view.put("configAgeSeconds", status.configAge().toSeconds());
        if (!status.lease().isZero()) {
            view.put("leaseMs", status.lease().toMillis());
            view.put("stale", status.stale());
        }
        if (!status.lastError().isEmpty()) {
            view.put("lastError", status.lastError());
        }
        Map<String, String> phases = new LinkedHashMap<>();
        for (Migration m : status.migrations()) {
            phases.put(m.id(), m.phase().name());
        }
        view.put("migrations", phases);
        return view;
    }

    /** The summary plus where the config came from and, per migration, its table, kind and read percentages. */
    static Map<String, Object> detail(TandemStatus status) {
        Map<String, Object> view = summary(status);
        view.put("dialect", status.dialect());
        view.put("configSource", status.configSource());
        view.put("configLoadedAt", status.configLoadedAt().toString());
        Map<String, Object> migrations = new LinkedHashMap<>();
        for (Migration m : status.migrations()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("table", m.table().toString());
            one.put("kind", m.kind().name());
            if (m.target() != null) {
                one.put("target", m.target().toString());
            }
            one.put("phase", m.phase().name());
            one.put("readNewPercent", m.readNewPercent());
            one.put("shadowReadPercent", m.shadowReadPercent());
            migrations.put(m.id(), one);
        }
        view.put("migrations", migrations);
        return view;
    }
}
