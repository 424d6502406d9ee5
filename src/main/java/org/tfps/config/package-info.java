/**
 * Typesafe Config loading and validation into immutable records; the only importer of
 * com.typesafe.config.
 */
package org.tfps.config;
