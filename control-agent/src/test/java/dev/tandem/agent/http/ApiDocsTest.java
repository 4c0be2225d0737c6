package dev.tandem.agent.http;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps docs/agent-cli.md true to the admin API: every route is in its endpoint table. */
class ApiDocsTest {
    @Test
    void everyEndpointIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "agent-cli.md"));
        int documented = 0;
        Routes routes = new Routes(new FakeAgent());
        new FleetPage(new Auth("t")).addTo(routes);
        for (Routes.Route route : routes.all()) {
            String path = route.path().pattern().replace("(\\d{1,18})", "{id}").replace("([^/]+)", "{id}");
            java.util.regex.Matcher group = java.util.regex.Pattern.compile("\\(([a-z|]+)\\)").matcher(path);
            List<String> paths = new ArrayList<>();
            if (group.find()) {
                for (String action : group.group(1).split("\\|")) {
                    paths.add(path.substring(0, group.start()) + action + path.substring(group.end()));
                }
            } else {
                paths.add(path);
            }
            for (String p : paths) {
                assertThat(doc).as("endpoint %s %s", route.method(), p).contains("| `" + route.method() + " " + p);
                documented++;
            }
        }
        assertThat(documented).isEqualTo(24);
    }
}
