package io.latentlab.kit.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.MessageLite;
import io.latentlab.kit.Topics;
import io.latentlab.proto.ClassifierJob;
import io.latentlab.proto.ClassifierResult;
import io.latentlab.proto.DatasetRef;
import io.latentlab.proto.NoisyDataset;
import io.latentlab.proto.Progress;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.ReducerResult;
import io.latentlab.proto.RunCompleted;
import io.latentlab.proto.RunEvent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes on any topic, or read back from the job ledger in the object store, decoded as the stage
 * that consumes them decodes them: the first byte picks the decoder from {@link #DECODERS}, the rest is
 * the payload. Property: a message or a {@link MalformedMessageException}, never an {@code Error} (the
 * parsers' memory is bounded by the payload, their recursion by protobuf's limit of 100).
 */
class EventCodecFuzzTest {

    /** What each consumer parses: one per topic (dead letters are copied, never parsed), then the ledger's results. */
    static final Map<String, Function<byte[], MessageLite>> DECODERS = new LinkedHashMap<>();

    static {
        DECODERS.put(Topics.RUN_REQUESTS, RunRequestCodec::decode);
        DECODERS.put(Topics.RUN_EVENTS, bytes -> EventCodec.decode(bytes, RunEvent.parser(), "run event"));
        DECODERS.put(Topics.REDUCER_JOBS, bytes -> EventCodec.decode(bytes, ReducerJob.parser(), "reducer job"));
        DECODERS.put(Topics.CLASSIFIER_JOBS, bytes -> EventCodec.decode(bytes, ClassifierJob.parser(), "classifier job"));
        DECODERS.put(Topics.CLASSIFIER_RESULTS,
                bytes -> EventCodec.decode(bytes, ClassifierResult.parser(), "classifier result"));
        DECODERS.put(Topics.PROGRESS, bytes -> EventCodec.decode(bytes, Progress.parser(), "progress"));
        DECODERS.put("ledger: dataset", bytes -> EventCodec.decode(bytes, DatasetRef.parser(), "dataset manifest"));
        DECODERS.put("ledger: noisy dataset", bytes -> EventCodec.decode(bytes, NoisyDataset.parser(), "noisy dataset"));
        DECODERS.put("ledger: reducer result", bytes -> EventCodec.decode(bytes, ReducerResult.parser(), "reducer result"));
        DECODERS.put("ledger: run completed", bytes -> EventCodec.decode(bytes, RunCompleted.parser(), "run completed"));
    }

    static final List<String> NAMES = List.copyOf(DECODERS.keySet());

    @FuzzTest
    void decodesOrRefuses(byte[] input) {
        if (input.length == 0) {
            return;
        }
        String decoder = NAMES.get(Byte.toUnsignedInt(input[0]) % NAMES.size());
        byte[] payload = Arrays.copyOfRange(input, 1, input.length);
        try {
            assertThat(DECODERS.get(decoder).apply(payload)).as(decoder).isNotNull();
        } catch (MalformedMessageException refused) {
            // documented refusal
        }
    }
}
