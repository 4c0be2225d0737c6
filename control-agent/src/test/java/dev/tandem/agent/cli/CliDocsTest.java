package dev.tandem.agent.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps docs/agent-cli.md true to the command line: every command and every option is documented. */
class CliDocsTest {
    private static final Path DOC = Path.of("..", "docs", "agent-cli.md");

    @Test
    void everyCommandAndOptionIsDocumented() throws Exception {
        String doc = Files.readString(DOC);
        CommandLine cli = TandemAgentCli.newCommandLine();
        for (OptionSpec o : cli.getCommandSpec().options()) {
            assertThat(doc).as("global option %s", o.longestName()).contains("`" + o.longestName());
        }
        cli.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            assertThat(doc).as("command %s", name).containsPattern("(?m)^##+ " + name + "\\b");
            for (OptionSpec o : sub.getCommandSpec().options()) {
                assertThat(doc).as("option %s of %s", o.longestName(), name).contains(o.longestName());
            }
        });
    }

    @Test
    void theExitCodesAreDocumented() throws Exception {
        String doc = Files.readString(DOC);
        for (int code : new int[] {ExitCodes.OK, ExitCodes.REFUSED, ExitCodes.INVALID, ExitCodes.FAILED}) {
            assertThat(doc).containsPattern("(?m)^\\| " + code + " \\| ");
        }
    }
}
