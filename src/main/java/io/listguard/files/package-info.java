/**
 * The files the service writes under its data directory, private to it: {@link io.listguard.files.DataFiles}
 * (directories 0700, files 0600). Plain Java; used by every package that writes there.
 */
package io.listguard.files;
