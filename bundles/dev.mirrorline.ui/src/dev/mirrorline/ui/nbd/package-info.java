/**
 * The console's NBD Exports view: the volumes the node exports over NBD, their addresses and
 * connected clients, the commands that start and stop the node's NBD server, and its preference
 * page (the listen address).
 */
package dev.mirrorline.ui.nbd;
