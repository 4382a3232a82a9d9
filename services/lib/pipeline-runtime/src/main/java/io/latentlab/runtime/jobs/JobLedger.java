package io.latentlab.runtime.jobs;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.latentlab.kit.codec.EventCodec;
import io.latentlab.kit.store.ArtifactStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Makes jobs idempotent: a job's outputs live under a deterministic prefix and its result message is
 * written last, so a result that exists means the job is done (redelivery or a cache hit across runs).
 */
@ApplicationScoped
public class JobLedger {

    private static final String RESULT = "result.pb";

    private final ArtifactStore store;

    public JobLedger(ArtifactStore store) {
        this.store = store;
    }

    public <T extends Message> Optional<T> completed(String jobPrefix, Parser<T> parser) {
        return store.find(jobPrefix + RESULT).map(bytes -> EventCodec.decode(bytes, parser, jobPrefix + RESULT));
    }

    public void complete(String jobPrefix, Message result) {
        store.put(jobPrefix + RESULT, result.toByteArray());
    }
}
