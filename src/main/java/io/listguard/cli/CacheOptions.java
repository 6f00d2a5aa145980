package io.listguard.cli;

import io.listguard.policy.CompiledPolicyCache;
import io.listguard.policy.PolicyCompiler;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the CLI keeps compiled policies ({@link CompiledPolicyCache}): {@code --cache-dir DIR}, else the
 * environment variable {@code LISTGUARD_CACHE_DIR}, else {@code $XDG_CACHE_HOME/listguard}, else
 * {@code ~/.cache/listguard}; {@code --no-cache} compiles every time and writes nothing.
 */
final class CacheOptions {

    static final String ENV = CompiledPolicyCache.ENV;

    private CacheOptions() {
    }

    /** The cache directory to use, or null for none. */
    static Path directory(Path option, boolean noCache, Map<String, String> env) {
        if (noCache) {
            return null;
        }
        if (option != null) {
            return option;
        }
        return CompiledPolicyCache.defaultDirectory(env);
    }

    static PolicyCompiler compiler(Class<?> command, Path directory) {
        PolicyCompiler compiler = new PolicyCompiler(command.getClassLoader());
        return directory == null ? compiler : compiler.withCache(new CompiledPolicyCache(directory));
    }
}
