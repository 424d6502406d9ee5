/** Main, wiring and start order. Nothing depends on this package. */
package org.tfps.app;
