/**
 * Spring Boot auto-configuration for Tandem: with {@code tandem.config} (or {@code tandem.control=db}) set, every
 * {@code DataSource} bean is wrapped in a {@link dev.tandem.driver.TandemDataSource}, so the application keeps its
 * real {@code spring.datasource.url}. {@link dev.tandem.spring.boot.TandemAutoConfiguration} does the wrapping;
 * {@link dev.tandem.spring.boot.TandemActuatorAutoConfiguration} adds the health indicator, info contributor and
 * {@code tandem} endpoint when Actuator is present. Uses the driver's API packages only, never its internal ones
 * (the driver's ApiBoundaryTest checks).
 */
package dev.tandem.spring.boot;
