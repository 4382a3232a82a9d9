#!/bin/sh
# kafka-topics.sh --bootstrap-server B (--create [--if-not-exists] --topic T --partitions N --replication-factor R | --list)
STACK_JAVA_OPTS="-Xmx128m -XX:TieredStopAtLevel=1" exec stack-java io.latentlab.stack.container.KafkaToolsMain topics "$@"
