/**
 * The Network Block Device export: an {@link dev.mirrorline.nbd.NbdServer} serves named exports of
 * Mirrorline volumes over the NBD protocol (fixed newstyle handshake), so that programs such as
 * QEMU, the Linux nbd client, libnbd's tools and fio read and write them. Each export is backed by
 * a {@link dev.mirrorline.nbd.BlockTarget}: a plain volume, or the primary's replication write path.
 * Depends on the engine's API only.
 */
package dev.mirrorline.nbd;
