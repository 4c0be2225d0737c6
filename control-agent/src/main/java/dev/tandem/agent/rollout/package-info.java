/**
 * The canary autopilot: walks READ_NEW's readNewPercent along steps, checks gates on the figures driver
 * instances report with their heartbeats ({@code dev.tandem.driver.schema.StatsReport}), holds on missing
 * data and rolls back after repeated failed checks. {@code Rollouts} is its entry point for the agent;
 * {@code Autopilot} walks one migration; {@code Report}, {@code Window} and {@code Gates} parse, difference
 * and judge the untrusted reports; every move goes through {@code Moves}, the operator's own path (the phase
 * service and the control tables). Depends on {@code dev.tandem.agent.phase} and {@code store}; the agent,
 * the CLI, the admin API and the demo depend on it.
 */
package dev.tandem.agent.rollout;
