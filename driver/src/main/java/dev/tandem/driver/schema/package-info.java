/**
 * Public API: what tools share with the driver about the database itself. The SQL
 * {@link dev.tandem.driver.schema.Dialect} of the real server, table metadata
 * ({@link dev.tandem.driver.schema.Catalog}, {@link dev.tandem.driver.schema.TableMeta}) and the control
 * tables the agent writes and the driver reads ({@link dev.tandem.driver.schema.ControlSchema}). Depends
 * only on {@link dev.tandem.driver.spec}.
 */
package dev.tandem.driver.schema;
