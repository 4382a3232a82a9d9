#!/bin/sh
# kafka-broker-api-versions.sh --bootstrap-server B: exits 0 once the broker answers (the health check)
STACK_JAVA_OPTS="-Xmx128m -XX:TieredStopAtLevel=1" exec stack-java io.latentlab.stack.container.KafkaToolsMain api-versions "$@"
