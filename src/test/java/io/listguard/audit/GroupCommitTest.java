package io.listguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    @Test
    void concurrentCallersAreAllDurableWhenTheyReturnAndShareCommits() throws Exception {
        Set<Integer> durable = ConcurrentHashMap.newKeySet();
        AtomicInteger commits = new AtomicInteger();
        List<Integer> notDurableOnReturn = new ArrayList<>();
        try (GroupCommit<Integer> group = new GroupCommit<>("test-writer", 64, works -> {
            sleep(2); // a commit takes time: callers gather meanwhile
            durable.addAll(works);
            commits.incrementAndGet();
        })) {
            ExecutorService callers = Executors.newFixedThreadPool(16);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                done.add(callers.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        int work = thread * 1000 + i;
                        group.write(work);
                        if (!durable.contains(work)) {
                            synchronized (notDurableOnReturn) {
                                notDurableOnReturn.add(work);
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            callers.shutdown();
        }
        assertThat(notDurableOnReturn).as("callers that returned before their work was committed").isEmpty();
        assertThat(durable).hasSize(16 * 50);
        assertThat(commits.get()).as("commits for 800 writes by 16 concurrent callers").isLessThan(800 / 2);
    }

    @Test
    void aFailingCommitFailsEveryCallerOfItsGroupAndTheNextGroupSucceeds() throws Exception {
        CountDownLatch firstCommitEntered = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<List<String>> committed = new ArrayList<>();
        try (GroupCommit<String> group = new GroupCommit<>("test-writer", 64, works -> {
            if (works.contains("first")) {
                firstCommitEntered.countDown();
                await(releaseFirst);
            }
            if (works.contains("poison")) {
                throw new IllegalStateException("disk full");
            }
            committed.add(List.copyOf(works));
        })) {
            CompletableFuture<Void> first = group.submit("first");
            assertThat(firstCommitEntered.await(10, TimeUnit.SECONDS)).isTrue();
            // while the writer is busy, these gather into the next group, with the poison among them
            List<CompletableFuture<Void>> second = new ArrayList<>();
            for (String w : List.of("a", "b", "poison", "c", "d")) {
                second.add(group.submit(w));
            }
            releaseFirst.countDown();
            first.get(10, TimeUnit.SECONDS);
            for (CompletableFuture<Void> f : second) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasRootCauseMessage("disk full");
            }
            assertThatThrownBy(() -> group.write("poison")).isInstanceOf(IllegalStateException.class).hasMessage("disk full");
            group.write("later");
        }
        assertThat(committed).containsExactly(List.of("first"), List.of("later"));
    }

    @Test
    void noCallerReturnsBeforeItsCommit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger committed = new AtomicInteger();
        try (GroupCommit<String> group = new GroupCommit<>("test-writer", 8, works -> {
            await(release);
            committed.addAndGet(works.size());
        })) {
            CompletableFuture<Void> returned = CompletableFuture.runAsync(() -> group.write("x"));
            Thread.sleep(300);
            assertThat(returned).isNotDone();
            assertThat(committed.get()).isZero();
            release.countDown();
            returned.get(10, TimeUnit.SECONDS);
            assertThat(committed.get()).isEqualTo(1);
        }
    }

    @Test
    void workSubmittedAfterCloseFailsRatherThanWaiting() {
        GroupCommit<String> group = new GroupCommit<>("test-writer", 8, works -> {
        });
        group.close();
        assertThatThrownBy(() -> group.write("late")).isInstanceOf(IllegalStateException.class);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
