package io.latentlab.runtime.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stage's job metrics on /q/metrics: jobs by outcome, job durations, jobs in flight, and the epoch
 * and validation loss of every running training (the gauges disappear when the job ends).
 */
@ApplicationScoped
public class JobMetrics {

    private final MeterRegistry registry;
    private final String stage;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, RunningJob> running = new ConcurrentHashMap<>();

    public JobMetrics(MeterRegistry registry, @ConfigProperty(name = "latentlab.stage") String stage) {
        this.registry = registry;
        this.stage = stage;
        Gauge.builder("latentlab_jobs_in_flight", inFlight, AtomicInteger::get)
                .description("jobs this instance is working on").tag("stage", stage).register(registry);
        // registered up front so that "no failures yet" reads as 0, not as no data
        for (String outcome : OUTCOMES) {
            counter(outcome);
        }
    }

    private static final String[] OUTCOMES = {"started", "finished", "failed", "skipped", "cancelled", "rejected"};

    private Counter counter(String outcome) {
        return Counter.builder("latentlab_jobs").description("jobs by outcome").tag("stage", stage)
                .tag("outcome", outcome).register(registry);
    }

    /** outcome: started, finished, failed, skipped (cached), cancelled. */
    public void count(String outcome) {
        counter(outcome).increment();
    }

    public void started(String runId, String jobId) {
        count("started");
        inFlight.incrementAndGet();
        running.put(runId + "/" + jobId, new RunningJob(runId, jobId));
    }

    public void ended(String runId, String jobId, String outcome, Duration took) {
        count(outcome);
        inFlight.decrementAndGet();
        Timer.builder("latentlab_job_duration").description("wall time of a job").tag("stage", stage)
                .tag("outcome", outcome).publishPercentileHistogram().register(registry).record(took);
        RunningJob job = running.remove(runId + "/" + jobId);
        if (job != null) {
            job.remove();
        }
    }

    public void epoch(String runId, String jobId, int epoch, double valLoss) {
        RunningJob job = running.get(runId + "/" + jobId);
        if (job != null) {
            job.epoch = epoch;
            job.valLoss = valLoss;
        }
    }

    private final class RunningJob {
        private volatile double epoch;
        private volatile double valLoss = Double.NaN;
        private final Gauge epochGauge;
        private final Gauge lossGauge;

        RunningJob(String runId, String jobId) {
            epochGauge = Gauge.builder("latentlab_job_epoch", this, j -> j.epoch).description("current epoch of a running job")
                    .tag("stage", stage).tag("run", runId).tag("job", jobId).register(registry);
            lossGauge = Gauge.builder("latentlab_job_val_loss", this, j -> j.valLoss)
                    .description("validation loss of a running job's last epoch")
                    .tag("stage", stage).tag("run", runId).tag("job", jobId).register(registry);
        }

        void remove() {
            registry.remove(epochGauge);
            registry.remove(lossGauge);
        }
    }
}
