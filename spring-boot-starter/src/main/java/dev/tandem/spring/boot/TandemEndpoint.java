package dev.tandem.spring.boot;

import dev.tandem.driver.TandemDataSource;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code tandem} Actuator endpoint ({@code /actuator/tandem} once exposed): what each Tandem data source is doing,
 * with each migration's table, kind, phase and read percentages. Read-only; opens no connection.
 */
@Endpoint(id = "tandem")
public class TandemEndpoint {
    private final Supplier<Map<String, TandemDataSource>> dataSources;

    public TandemEndpoint(Supplier<Map<String, TandemDataSource>> dataSources) {
        this.dataSources = dataSources;
    }

    @ReadOperation
    public Map<String, Object> dataSources() {
        Map<String, Object> view = new LinkedHashMap<>();
        dataSources.get().forEach((name, dataSource) -> view.put(name, dataSource.status()
            .<Object>map(StatusViews::detail).orElse(Map.of("state", "no connection yet"))));
        return Map.of("dataSources", view);
    }
}
