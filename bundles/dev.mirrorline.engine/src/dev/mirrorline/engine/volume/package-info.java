/**
 * Block volumes and their copy-on-write snapshots.
 *
 * <p>A {@link dev.mirrorline.engine.volume.Volume} is a fixed-size byte array addressed in blocks,
 * over a sparse image file or a block device. Its write path preserves old chunk contents for
 * every {@link dev.mirrorline.engine.volume.Snapshot} taken of it; a snapshot's durable exception
 * table then says exactly which chunks changed since it was taken, which is what a resync sends.
 */
package dev.mirrorline.engine.volume;
