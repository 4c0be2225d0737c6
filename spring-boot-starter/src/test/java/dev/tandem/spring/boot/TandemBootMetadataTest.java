package dev.tandem.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.driver.TandemProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The IDE hints for {@code tandem.options} name exactly the driver options that have no property of their own. */
class TandemBootMetadataTest {

    @Test
    void optionHintsNameEveryDriverOptionWithoutAPropertyOfItsOwn() throws IOException {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/additional-spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            metadata = new ObjectMapper().readTree(in);
        }
        List<String> hinted = new ArrayList<>();
        for (JsonNode hint : metadata.get("hints")) {
            if (hint.get("name").asText().equals("tandem.options.keys")) {
                hint.get("values").forEach(v -> hinted.add(v.get("value").asText()));
            }
        }
        List<String> expected = Stream.of(TandemProperty.values())
            .filter(p -> p != TandemProperty.CONFIG && p != TandemProperty.CONTROL && p != TandemProperty.APP)
            .map(p -> p.getKey().substring("tandem.".length()))
            .toList();
        assertThat(hinted).containsExactlyInAnyOrderElementsOf(expected);
        hinted.forEach(name -> assertThat(DriverOptions.property(name).getKey()).isEqualTo("tandem." + name));
    }
}
