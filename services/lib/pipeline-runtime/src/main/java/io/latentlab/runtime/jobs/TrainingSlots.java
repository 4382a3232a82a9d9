package io.latentlab.runtime.jobs;

import io.latentlab.ml.train.TrainingCancelledException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A budget of training slots shared by every process that names the same directory: one slot per core
 * of the machine, so that the trainer services together never run more trainings than there are cores,
 * and a slot that frees goes to the waiting job of the highest priority, whichever service holds it.
 * <p>
 * A slot is an exclusive lock on {@code slot-<i>} (the operating system drops it when its process
 * dies, so a killed trainer frees its slot at once). A waiting job is a file {@code wait-<seq>-<id>}
 * holding its priority and its process id; the files of dead processes are cleaned up by the next waiter.
 * Only the best waiter (highest priority, then the earliest) takes a free slot.
 */
public final class TrainingSlots {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /*
     * The slot files this process holds. Never open a second channel on one of them: on Linux, closing any
     * descriptor of a file drops every lock the process has on it (POSIX record locks).
     */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final int slots;
    private final long pid = ProcessHandle.current().pid();

    public TrainingSlots(Path dir, int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("need at least one training slot, got " + slots);
        }
        this.dir = dir;
        this.slots = slots;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the training-slot directory " + dir, e);
        }
    }

    public int size() {
        return slots;
    }

    public Path dir() {
        return dir;
    }

    /** A held slot; closing gives it back. */
    public record Slot(int index, Path file, FileChannel channel) implements AutoCloseable {
        @Override
        public void close() {
            try {
                channel.close(); // releases the lock
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                HELD_HERE.remove(file);
            }
        }
    }

    /**
     * Waits for a slot, taking it when this job is the best waiter.
     *
     * @throws TrainingCancelledException when {@code cancelled} turns true while waiting
     */
    public Slot acquire(double priority, BooleanSupplier cancelled) {
        Path waiter = enqueue(priority);
        try {
            while (true) {
                if (isBestWaiter(waiter)) {
                    Optional<Slot> slot = tryAnySlot();
                    if (slot.isPresent()) {
                        return slot.get();
                    }
                }
                if (cancelled.getAsBoolean()) {
                    throw new TrainingCancelledException(0);
                }
                sleep();
            }
        } finally {
            deleteQuietly(waiter);
        }
    }

    private Path enqueue(double priority) {
        // a sequence number that sorts by arrival across processes: the time, then this process's counter
        String name = "wait-%015d-%06d-%s".formatted(System.currentTimeMillis(), SEQUENCE.incrementAndGet() % 1_000_000,
                UUID.randomUUID());
        Path waiter = dir.resolve(name);
        Path tmp = dir.resolve("tmp-" + name);
        try {
            Files.writeString(tmp, priority + " " + pid, StandardCharsets.UTF_8);
            Files.move(tmp, waiter, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot queue for a training slot in " + dir, e);
        }
        return waiter;
    }

    private record Waiter(Path file, double priority) {
    }

    private boolean isBestWaiter(Path me) {
        Optional<Waiter> best = liveWaiters().stream()
                .min(Comparator.comparingDouble((Waiter w) -> -w.priority()).thenComparing(w -> w.file().getFileName().toString()));
        return best.map(w -> w.file().equals(me)).orElse(true);
    }

    private List<Waiter> liveWaiters() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("wait-"))
                    .map(this::readLive).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the training-slot directory " + dir, e);
        }
    }

    /** The waiter in {@code file}, or empty when it is gone or its process has died (then the file is removed). */
    private Optional<Waiter> readLive(Path file) {
        try {
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
            long owner = Long.parseLong(parts[1]);
            boolean alive = owner == pid || ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
            if (!alive) {
                deleteQuietly(file);
                return Optional.empty();
            }
            return Optional.of(new Waiter(file, Double.parseDouble(parts[0])));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file); // unreadable: not written by this class
            return Optional.empty();
        }
    }

    private Optional<Slot> tryAnySlot() {
        for (int i = 0; i < slots; i++) {
            Path file = dir.resolve("slot-" + i).toAbsolutePath();
            if (!HELD_HERE.add(file)) {
                continue; // held by another job of this process
            }
            FileChannel channel = null;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return Optional.of(new Slot(i, file, channel));
                }
            } catch (OverlappingFileLockException e) {
                // cannot happen while HELD_HERE guards the file; treated as taken
            } catch (IOException e) {
                HELD_HERE.remove(file);
                closeQuietly(channel);
                throw new UncheckedIOException("cannot open training slot " + i + " in " + dir, e);
            }
            closeQuietly(channel);
            HELD_HERE.remove(file);
        }
        return Optional.empty();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // nothing held
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // another waiter cleans it up
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a training slot", e);
        }
    }
}
