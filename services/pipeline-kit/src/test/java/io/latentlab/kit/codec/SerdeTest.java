package io.latentlab.kit.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import io.latentlab.kit.Topics;
import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.ClassifierJob;
import io.latentlab.proto.ClassifierResult;
import io.latentlab.proto.Progress;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.RunCompleted;
import io.latentlab.proto.RunEvent;
import io.latentlab.proto.RunRequest;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SerdeTest {

    @Test
    void eventsRoundTripThroughSerializerAndTheirDeserializer() {
        RunEvent event = RunEvent.newBuilder().setRunId("r1").setTimestampMs(5)
                .setCompleted(RunCompleted.newBuilder().setReportJson(ArtifactRef.newBuilder().setKey("k"))).build();
        ReducerJob reducerJob = ReducerJob.newBuilder().setRunId("r1").setJobId("pca-k64").setKind("pca").setK(64).build();
        ClassifierJob classifierJob = ClassifierJob.newBuilder().setRunId("r1").setJobId("pca-k64-A1").build();
        ClassifierResult result = ClassifierResult.newBuilder().setJob(classifierJob).setEpochs(7).build();
        Progress progress = Progress.newBuilder().setRunId("r1").setKind(Progress.Kind.EPOCH).setEpoch(3).build();
        RunRequest request = RunRequest.newBuilder().setProfile("quick").build();

        assertThat(new RunEventDeserializer().deserialize(Topics.RUN_EVENTS, serialize(event))).isEqualTo(event);
        assertThat(new ReducerJobDeserializer().deserialize(Topics.REDUCER_JOBS, serialize(reducerJob))).isEqualTo(reducerJob);
        assertThat(new ClassifierJobDeserializer().deserialize(Topics.CLASSIFIER_JOBS, serialize(classifierJob)))
                .isEqualTo(classifierJob);
        assertThat(new ClassifierResultDeserializer().deserialize(Topics.CLASSIFIER_RESULTS, serialize(result)))
                .isEqualTo(result);
        assertThat(new ProgressDeserializer().deserialize(Topics.PROGRESS, serialize(progress))).isEqualTo(progress);
        assertThat(new RunRequestDeserializer().deserialize(Topics.RUN_REQUESTS, serialize(request))).isEqualTo(request);
    }

    @Test
    void runRequestDeserializerAcceptsJson() {
        byte[] json = "{\"profile\":\"seed\",\"seed\":\"7\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(new RunRequestDeserializer().deserialize(Topics.RUN_REQUESTS, json))
                .isEqualTo(RunRequest.newBuilder().setProfile("seed").setSeed(7).build());
    }

    @Test
    void badBytesRaiseSerializationExceptionNamingTopicAndType() {
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};

        assertThatThrownBy(() -> new ReducerJobDeserializer().deserialize(Topics.REDUCER_JOBS, garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("ReducerJob")
                .hasMessageContaining(Topics.REDUCER_JOBS);
        assertThatThrownBy(() -> new ProgressDeserializer().deserialize(Topics.PROGRESS, new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> new RunRequestDeserializer().deserialize(Topics.RUN_REQUESTS,
                "{\"nope\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void nullStaysNull() {
        assertThat(new ProtobufSerializer<RunEvent>().serialize(Topics.RUN_EVENTS, null)).isNull();
        assertThat(new RunEventDeserializer().deserialize(Topics.RUN_EVENTS, null)).isNull();
    }

    @Test
    void eventCodecWrapsParseErrors() {
        assertThat(EventCodec.decode(Progress.newBuilder().setStage("s").build().toByteArray(), Progress.parser(), "Progress"))
                .extracting(Progress::getStage).isEqualTo("s");
        assertThatThrownBy(() -> EventCodec.decode(new byte[] {0x0A, 0x05, 'a'}, Progress.parser(), "Progress"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("not a binary Progress");
    }

    private static byte[] serialize(com.google.protobuf.MessageLite message) {
        return new ProtobufSerializer<>().serialize("t", message);
    }
}
