package io.latentlab.kit.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.latentlab.kit.Topics;
import io.latentlab.proto.ArtifactRef;
import io.latentlab.proto.ClassifierJob;
import io.latentlab.proto.ClassifierResult;
import io.latentlab.proto.Progress;
import io.latentlab.proto.ReducerJob;
import io.latentlab.proto.RunCompleted;
import io.latentlab.proto.RunEvent;

import org.junit.jupiter.api.Test;

/** What the stages publish ({@link ProtobufSerializer}) is what they read back from the bytes ({@link EventCodec}). */
class SerdeTest {

    @Test
    void eventsRoundTripThroughTheSerializerAndTheCodec() {
        RunEvent event = RunEvent.newBuilder().setRunId("r1").setTimestampMs(5)
                .setCompleted(RunCompleted.newBuilder().setReportJson(ArtifactRef.newBuilder().setKey("k"))).build();
        ReducerJob reducerJob = ReducerJob.newBuilder().setRunId("r1").setJobId("pca-k64").setKind("pca").setK(64).build();
        ClassifierJob classifierJob = ClassifierJob.newBuilder().setRunId("r1").setJobId("pca-k64-A1").build();
        ClassifierResult result = ClassifierResult.newBuilder().setJob(classifierJob).setEpochs(7).build();
        Progress progress = Progress.newBuilder().setRunId("r1").setKind(Progress.Kind.EPOCH).setEpoch(3).build();

        assertThat(EventCodec.decode(serialize(event), RunEvent.parser(), "RunEvent")).isEqualTo(event);
        assertThat(EventCodec.decode(serialize(reducerJob), ReducerJob.parser(), "ReducerJob")).isEqualTo(reducerJob);
        assertThat(EventCodec.decode(serialize(classifierJob), ClassifierJob.parser(), "ClassifierJob")).isEqualTo(classifierJob);
        assertThat(EventCodec.decode(serialize(result), ClassifierResult.parser(), "ClassifierResult")).isEqualTo(result);
        assertThat(EventCodec.decode(serialize(progress), Progress.parser(), "Progress")).isEqualTo(progress);
    }

    @Test
    void nullStaysNull() {
        assertThat(new ProtobufSerializer<RunEvent>().serialize(Topics.RUN_EVENTS, null)).isNull();
    }

    @Test
    void eventCodecWrapsParseErrors() {
        assertThat(EventCodec.decode(Progress.newBuilder().setStage("s").build().toByteArray(), Progress.parser(), "Progress"))
                .extracting(Progress::getStage).isEqualTo("s");
        assertThatThrownBy(() -> EventCodec.decode(new byte[] {0x0A, 0x05, 'a'}, Progress.parser(), "Progress"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("not a binary Progress");
        assertThatThrownBy(() -> EventCodec.decode(new byte[0], Progress.parser(), "Progress"))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("empty payload");
    }

    private static byte[] serialize(com.google.protobuf.MessageLite message) {
        return new ProtobufSerializer<>().serialize("t", message);
    }
}
