package io.listguard.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Everything the service writes under its data directory ({@code listguard.data-dir}: the H2 database, the generated
 * keys, bulk jobs' files, the compiled policy cache) is its own: directories {@code rwx------} (0700), files
 * {@code rw-------} (0600), whatever the process's umask. Every writer under the data directory goes through these
 * methods; on a file system without POSIX permissions (Windows) they write as {@link Files} does.
 * Plain Java, no Spring: usable from any package.
 */
public final class DataFiles {

    /** 0700. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** 0600. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DataFiles.class);

    private DataFiles() {
    }

    /** Creates a directory and its missing parents, each created one 0700; the directory itself is made 0700 if it existed. */
    public static Path createDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path next = missing.pop();
            try {
                if (posix(next.getParent())) {
                    Files.createDirectory(next, PosixFilePermissions.asFileAttribute(DIRECTORY));
                    Files.setPosixFilePermissions(next, DIRECTORY); // the umask may have taken bits off
                } else {
                    Files.createDirectory(next);
                }
            } catch (FileAlreadyExistsException raced) {
                // created meanwhile by another thread or instance: made private below if it is the directory asked for
            }
        }
        secure(dir);
        return dir;
    }

    /** Creates an empty file 0600 (its parent directories 0700), or makes an existing one 0600. */
    public static Path createFile(Path file) throws IOException {
        if (file.getParent() != null) {
            createDirectories(file.getParent());
        }
        try {
            if (posix(file.getParent())) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException exists) {
            // kept, and made private below
        }
        secure(file);
        return file;
    }

    /**
     * Opens a file for writing (by default created or truncated, as {@link Files#newOutputStream}), 0600 before the
     * first byte is written.
     */
    public static OutputStream newOutputStream(Path file, OpenOption... options) throws IOException {
        createFile(file);
        return Files.newOutputStream(file, options);
    }

    /** Writes a text (UTF-8) to a file 0600, replacing what it held. */
    public static Path writeString(Path file, String text) throws IOException {
        try (OutputStream out = newOutputStream(file)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    /** Copies a stream into a file 0600, replacing what it held; the number of bytes copied. */
    public static long copy(InputStream in, Path file) throws IOException {
        // not Files.copy(REPLACE_EXISTING): it deletes the file and creates a new one with the umask's permissions
        try (OutputStream out = newOutputStream(file)) {
            return in.transferTo(out);
        }
    }

    /** A temporary file 0600 in a directory (created 0700 if missing). */
    public static Path createTempFile(Path dir, String prefix, String suffix) throws IOException {
        createDirectories(dir);
        Path file = posix(dir) ? Files.createTempFile(dir, prefix, suffix, PosixFilePermissions.asFileAttribute(FILE))
                : Files.createTempFile(dir, prefix, suffix);
        secure(file);
        return file;
    }

    /** Makes one existing path private: a directory 0700, a file 0600 (a symbolic link is left alone). */
    public static void secure(Path path) throws IOException {
        if (!posix(path) || Files.isSymbolicLink(path) || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Set<PosixFilePermission> wanted = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY : FILE;
        if (!Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(wanted)) {
            Files.setPosixFilePermissions(path, wanted);
        }
    }

    /**
     * Makes a directory and everything under it private (directories 0700, files 0600), without following symbolic
     * links: what a database or an earlier release created with the umask's permissions. Paths that disappear during
     * the walk (a job's files being purged) are skipped.
     */
    public static void secureTree(Path root) throws IOException {
        if (!Files.isDirectory(root) || !posix(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                secureQuietly(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    secureQuietly(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The permissions files and directories get as a creation attribute, for writers that create them themselves. */
    public static FileAttribute<Set<PosixFilePermission>> fileAttribute(boolean directory) {
        return PosixFilePermissions.asFileAttribute(directory ? DIRECTORY : FILE);
    }

    /** Whether the file system of a path has POSIX permissions. */
    public static boolean posix(Path path) {
        Path p = path == null ? Path.of("").toAbsolutePath() : path;
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void secureQuietly(Path path) throws IOException {
        try {
            secure(path);
        } catch (java.nio.file.NoSuchFileException gone) {
            // removed during the walk
        }
    }

    /** Deletes a directory and everything under it; what cannot be deleted is logged by path (paths hold no personal data). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("could not delete {}", p);
                }
            });
        } catch (IOException e) {
            log.warn("could not delete {}", dir);
        }
    }
}
