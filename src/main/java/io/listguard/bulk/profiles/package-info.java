/**
 * Stored mapping profiles (issue 12, item 2): create, list, edit and delete them per provider under optimistic
 * concurrency, every change kept with the JSON before and after; resolve the one a bulk request names; and preview
 * the first lines of a file as a profile maps them, storing nothing. Spring and the database live here; the profile
 * itself, its checks and its application are plain Java in {@link io.listguard.bulk.mapping}.
 */
package io.listguard.bulk.profiles;
