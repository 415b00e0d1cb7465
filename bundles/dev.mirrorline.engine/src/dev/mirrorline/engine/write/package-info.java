/**
 * The write path's coordination: the write barrier that freezes writes for an instant, and the
 * in-flight log of updates sent to the secondary but not yet acknowledged.
 */
package dev.mirrorline.engine.write;
