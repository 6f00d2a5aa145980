/**
 * Reading {@code .xlsx} files safely, shared by policy workbooks and records workbooks: the archive checks that come
 * before Apache POI parses anything ({@link io.listguard.xlsx.XlsxArchive}). Plain Java: no Spring.
 */
package io.listguard.xlsx;
