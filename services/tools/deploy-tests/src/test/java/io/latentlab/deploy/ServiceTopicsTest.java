package io.latentlab.deploy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topic names are defined once, in pipeline-kit's {@code Topics}: every service's application.properties
 * may only name topics from it, and each channel is named after its topic, so that the properties follow
 * from the constants (and the manifests, checked by the other deploy tests, from the same list).
 */
class ServiceTopicsTest {

    private final Map<String, String> topics = TopicNames.all();

    @Test
    void everyTopicAServiceNamesIsOneOfTheKitsTopics() {
        for (String service : Repo.kafkaServices()) {
            ServiceConfig config = ServiceConfig.of(service);
            assertThat(config.incomingTopics().values()).as(service + " reads").isSubsetOf(topics.values());
            assertThat(config.outgoingTopics().values()).as(service + " writes").isSubsetOf(topics.values());
            assertThat(config.deadLetterTopics()).as(service + "'s dead letters").isSubsetOf(topics.get("DEAD_LETTERS"));
        }
    }

    @Test
    void everyChannelIsNamedAfterItsTopic() {
        for (String service : Repo.kafkaServices()) {
            ServiceConfig config = ServiceConfig.of(service);
            Map<String, String> channels = new java.util.TreeMap<>(config.incomingTopics());
            channels.putAll(config.outgoingTopics());
            channels.forEach((channel, topic) -> assertThat(topic).as(service + " channel " + channel)
                    // run-failures: any stage's failed-job events, written to the run-events topic
                    .isEqualTo(channel.equals("run-failures") ? topics.get("RUN_EVENTS") : "latentlab." + channel));
        }
    }
}
