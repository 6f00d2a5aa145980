package io.listguard.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Group commit: callers hand their work to one writer thread, which takes everything waiting (up to a limit),
 * commits it in one go and only then releases each caller. A caller returns once its own work is durable, never
 * before; if the commit of a group fails, every caller of that group gets the failure. While one group commits, the
 * next one gathers, so that under load one commit serves many callers and alone a caller waits for one commit.
 *
 * @param <T> one caller's work
 */
final class GroupCommit<T> implements AutoCloseable {

    private record Pending<T>(T work, CompletableFuture<Void> done) {
    }

    private final BlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private final int maxGroup;
    private final Consumer<List<T>> commit;
    private final Thread writer;
    private volatile boolean closed;

    /**
     * @param commit writes and commits a whole group in one transaction; throws if nothing of it is durable
     */
    GroupCommit(String name, int maxGroup, Consumer<List<T>> commit) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("maxGroup must be at least 1");
        }
        this.maxGroup = maxGroup;
        this.commit = commit;
        this.writer = new Thread(this::run, name);
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues the work; the future completes once it is committed, or exceptionally with the commit's failure. */
    CompletableFuture<Void> submit(T work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("the audit writer is closed"));
            return done;
        }
        queue.add(new Pending<>(work, done));
        if (closed) { // closed while adding: the writer may be gone; fail rather than wait for ever
            drainAndFail();
        }
        return done;
    }

    /** Queues the work and waits until it is committed; rethrows the commit's failure. */
    void write(T work) {
        CompletableFuture<Void> done = submit(work);
        try {
            done.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the audit commit", e);
        }
    }

    private void run() {
        List<Pending<T>> group = new ArrayList<>(maxGroup);
        List<T> works = new ArrayList<>(maxGroup);
        while (!closed || !queue.isEmpty()) {
            try {
                Pending<T> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                group.forEach(p -> works.add(p.work()));
                try {
                    commit.accept(works);
                } catch (Throwable e) {
                    group.forEach(p -> p.done().completeExceptionally(e));
                    continue;
                }
                group.forEach(p -> p.done().complete(null));
            } catch (InterruptedException e) {
                closed = true;
            } finally {
                group.clear();
                works.clear();
            }
        }
        drainAndFail();
    }

    private void drainAndFail() {
        List<Pending<T>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done().completeExceptionally(new IllegalStateException("the audit writer is closed")));
    }

    /** Commits what is queued, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drainAndFail();
    }
}
