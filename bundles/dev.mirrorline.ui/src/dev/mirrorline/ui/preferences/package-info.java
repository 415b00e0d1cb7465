/** The console's preference pages: the engine defaults a new pair starts with. */
package dev.mirrorline.ui.preferences;
