/**
 * The New Pair wizard: three pages (name and primary volume, secondary, replication) that ask the
 * embedded node what is wrong with the settings as the user types, a probe of a remote agent off
 * the UI thread, and a Job that creates the pair.
 */
package dev.mirrorline.ui.wizards;
