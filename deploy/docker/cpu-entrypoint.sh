#!/bin/sh
# Sizes the native thread pools to the container's CPU limit, then starts the JVM through the base
# image's run-java.sh (UBI's openjdk images), or itself where the base has none (deploy/containers' Debian base). docs/design.md "Threads and cores": at batch 32 one native thread per training is 5-10x faster than
# several, so a container with N CPUs runs N trainings (LATENTLAB_WORKERS) of OMP_NUM_THREADS=1 each.
# Both may be set from outside (compose env, Kubernetes ConfigMap / downward API) and then win.
# (Identical in every service: services/tools/deploy-tests DockerfileTest checks the copies.)
cpu_limit() {
  if [ -r /sys/fs/cgroup/cpu.max ]; then                      # cgroup v2: "<quota> <period>" or "max <period>"
    read -r quota period < /sys/fs/cgroup/cpu.max
  elif [ -r /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then       # cgroup v1
    quota=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us); period=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)
  fi
  if [ -n "${quota:-}" ] && [ "$quota" != max ] && [ "$quota" -gt 0 ] 2>/dev/null; then
    echo $(( (quota + period - 1) / period ))                 # round a fractional limit up
  else
    env -u OMP_NUM_THREADS -u OMP_THREAD_LIMIT nproc          # no quota: our CPUs (nproc obeys OMP_NUM_THREADS)
  fi
}
cpus=$(cpu_limit)
[ "$cpus" -ge 1 ] 2>/dev/null || cpus=1
export LATENTLAB_WORKERS="${LATENTLAB_WORKERS:-$cpus}"
threads=$(( cpus / LATENTLAB_WORKERS )); [ "$threads" -ge 1 ] || threads=1
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$threads}"
echo "[latentlab] cpus=$cpus LATENTLAB_WORKERS=$LATENTLAB_WORKERS OMP_NUM_THREADS=$OMP_NUM_THREADS"
RUN_JAVA=/opt/jboss/container/java/run/run-java.sh
[ -x "$RUN_JAVA" ] && exec "$RUN_JAVA" "$@"
# No run-java.sh: its contract by hand. JAVA_OPTS replaces the defaults (the heap's share of the container's
# memory, JAVA_MAX_MEM_RATIO percent as the Kubernetes ConfigMaps set it, else 80; exit on OOM), JAVA_OPTS_APPEND
# is added, JAVA_APP_JAR is the jar, "$@" its arguments.
# shellcheck disable=SC2086 # the options are words
exec java ${JAVA_OPTS:--XX:MaxRAMPercentage=${JAVA_MAX_MEM_RATIO:-80} -XX:+ExitOnOutOfMemoryError} $JAVA_OPTS_APPEND \
  -jar "${JAVA_APP_JAR:-/deployments/quarkus-run.jar}" "$@"
