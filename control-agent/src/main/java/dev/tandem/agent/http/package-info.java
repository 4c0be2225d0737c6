/**
 * The agent's admin HTTP API on the JDK's {@code com.sun.net.httpserver}: JSON views of the agent, phase
 * changes, reloads, job control, the Prometheus scrape endpoint and the live fleet page ({@code FleetPage}, its
 * HTML in {@code fleet.html} and {@code login.html} beside this package's classes), behind a bearer token (or, for
 * reads only, a page session; see {@code Auth}) and bound to 127.0.0.1 unless configured otherwise.
 * {@link dev.tandem.agent.http.AdminServer} is the only public class; it depends on the
 * {@link dev.tandem.agent.Agent} interface only, never on its implementation.
 */
package dev.tandem.agent.http;
