/**
 * Copy-on-write snapshots: a durable exception table and a store of old chunk contents, from
 * which a resync learns exactly which chunks changed since the snapshot was taken.
 */
package dev.mirrorline.engine.snapshot;
