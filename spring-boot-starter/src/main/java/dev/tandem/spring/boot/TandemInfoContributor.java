package dev.tandem.spring.boot;

import dev.tandem.driver.TandemDataSource;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Adds {@code tandem} to the info endpoint: per Tandem data source that has started, its instance, config version
 * and the phase of each migration. Opens no connection.
 */
public class TandemInfoContributor implements InfoContributor {
    private final Supplier<Map<String, TandemDataSource>> dataSources;

    public TandemInfoContributor(Supplier<Map<String, TandemDataSource>> dataSources) {
        this.dataSources = dataSources;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> tandem = new LinkedHashMap<>();
        dataSources.get().forEach((name, dataSource) -> tandem.put(name, dataSource.status()
            .<Object>map(StatusViews::summary).orElse(Map.of("state", "no connection yet"))));
        builder.withDetail("tandem", tandem);
    }
}
