package dev.tandem.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code tandem.*} properties of a Spring Boot application: which migration config, and the driver's options. */
@ConfigurationProperties("tandem")
public class TandemProperties {

    /** Whether to wrap the application's DataSource beans in Tandem. */
    private boolean enabled = true;

    /**
     * Where the migration spec comes from when control is file, e.g. file:/etc/app/migrations.yaml (watched and
     * reloaded on change).
     */
    private String config;

    /**
     * Config source: file reads tandem.config; db polls the control tables the agent writes and heartbeats the
     * config version this instance runs.
     */
    private String control;

    /**
     * Application name reported to the agent (in the instances control table) and shown by the health indicator and
     * the tandem endpoint. Defaults to spring.application.name.
     */
    private String app;

    /**
     * Further driver options by name, without the "tandem." prefix, e.g. onUnsupported: passthrough or leaseMs:
     * 10000. Names match case-insensitively and may be written in kebab case (on-unsupported).
     */
    private Map<String, String> options = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getConfig() {
        return config;
    }

    public void setConfig(String config) {
        this.config = config;
    }

    public String getControl() {
        return control;
    }

    public void setControl(String control) {
        this.control = control;
    }

    public String getApp() {
        return app;
    }

    public void setApp(String app) {
        this.app = app;
    }

    public Map<String, String> getOptions() {
        return options;
    }

    public void setOptions(Map<String, String> options) {
        this.options = options;
    }
}
