/**
 * Public API: the migration spec. {@link dev.tandem.driver.spec.Migration}s with their
 * {@link dev.tandem.driver.spec.Phase}, read and validated from YAML by {@link dev.tandem.driver.spec.SpecParser}
 * (every problem reported at once in a {@link dev.tandem.driver.spec.SpecException}) and written back by
 * {@link dev.tandem.driver.spec.SpecWriter}; table names and identifier matching rules. The agent writes
 * specs with these types and the driver reads them. Depends on nothing else in Tandem.
 */
package dev.tandem.driver.spec;
