/**
 * The {@code demo} rehearsal: one command that shows Tandem's whole job. It creates a small shop schema
 * (on an embedded PostgreSQL unless given a server), runs an application workload through a HikariCP
 * pool on a {@code jdbc:tandem:} URL, walks one migration through every phase with the agent, rolls a
 * second one back from CONTRACT, moves two columns to a new table through every phase (PostgreSQL), and
 * writes a report (text table, JSON, self-contained HTML with SVG
 * charts). {@link dev.tandem.agent.demo.Demo} is the entry point the CLI calls;
 * {@link dev.tandem.agent.demo.Rehearsal} runs the steps. Depends on the {@link dev.tandem.agent.Agent}
 * interface and on the driver; nothing in the agent depends on this package.
 */
package dev.tandem.agent.demo;
