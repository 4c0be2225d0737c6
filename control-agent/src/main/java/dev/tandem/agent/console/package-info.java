/**
 * Plain-text output shared by the command line ({@code dev.tandem.agent.cli}) and the rehearsal
 * ({@code dev.tandem.agent.demo}): aligned tables and job progress bars. Depends only on the agent's
 * views; nothing here prints unless asked.
 */
package dev.tandem.agent.console;
