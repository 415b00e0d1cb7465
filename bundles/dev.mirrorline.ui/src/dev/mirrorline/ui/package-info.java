/**
 * The Mirrorline console: an Eclipse RCP application over the replication engine's public API.
 * It holds no replication logic of its own.
 */
package dev.mirrorline.ui;
