/**
 * Not API: the driver's implementation, with no compatibility guarantees. Anything under
 * {@code dev.tandem.driver.internal} may change or disappear in any release, like Flyway's
 * {@code internal} packages; applications and tools use {@link dev.tandem.driver},
 * {@link dev.tandem.driver.spec} and {@link dev.tandem.driver.schema} only (the main sources of the
 * agent, the benchmarks and the Spring Boot starter are checked for it). Below: {@code connect} (URL,
 * options, the one connect path), {@code runtime} (the instances and their registry), {@code jdbc} (the
 * wrappers), {@code plan}, {@code rewrite} and {@code text} (statement planning and rewriting),
 * {@code config} (config sources and snapshots) and {@code metrics} (the driver's meters).
 */
package dev.tandem.driver.internal;
