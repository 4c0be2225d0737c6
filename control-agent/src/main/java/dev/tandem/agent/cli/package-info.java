/**
 * The {@code tandem-agent} command line (picocli): one small class per command, all sharing the global
 * options of {@link dev.tandem.agent.cli.TandemAgentCli}, the exit codes of {@code ExitCodes} and the
 * text formatting of {@code Text} (tables and progress bars from {@code dev.tandem.agent.console}, shared
 * with the rehearsal). Depends on the {@link dev.tandem.agent.Agent} interface and on
 * {@code dev.tandem.agent.http} for {@code serve}; nothing depends on this package.
 */
package dev.tandem.agent.cli;
