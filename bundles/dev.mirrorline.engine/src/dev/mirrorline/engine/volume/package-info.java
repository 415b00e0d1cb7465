/**
 * Block volumes: fixed-size byte arrays addressed in blocks, over a file or a block device, with
 * the write path that snapshots and the write barrier hook into.
 */
package dev.mirrorline.engine.volume;
