/**
 * The engine's seam to durable storage: every file behind volumes, snapshot stores and journals is
 * opened, read, written, forced and deleted through {@link dev.mirrorline.engine.storage.Storage}.
 * {@link dev.mirrorline.engine.storage.FileSystemStorage} is the real one; a simulation can supply
 * one that loses writes that were not forced when it "crashes".
 */
package dev.mirrorline.engine.storage;
