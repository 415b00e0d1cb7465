/**
 * What several test fragments need and no product code does: a TCP proxy on 127.0.0.1 that a
 * test cuts, and the classpath for a test's child JVM. Only test fragments require this bundle;
 * the product does not contain it.
 */
package dev.mirrorline.testsupport;
