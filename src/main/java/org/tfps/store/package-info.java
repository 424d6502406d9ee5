/**
 * Durable state in MySQL or MariaDB, always through vertx-mysql-client: the schema and its
 * migrations ({@link org.tfps.store.Migrations}, scripts under {@code db/migration/}), the embedded
 * MariaDB of the quick start ({@link org.tfps.store.EmbeddedDatabase}), and the store that writes
 * events and account blocks through a local journal. Operators: docs/database.md.
 */
package org.tfps.store;
