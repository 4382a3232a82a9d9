#!/bin/sh
# Sizes the native thread pools to the container's CPU limit, then starts the JVM through the base
# image's run-java.sh. DESIGN.md: at batch 32 one native thread per training is 5-10x faster than
# several, so a container with N CPUs runs N trainings (LATENTLAB_WORKERS) of OMP_NUM_THREADS=1 each.
# Both may be set from outside (compose env, Kubernetes ConfigMap / downward API) and then win.
# (Identical in every service: services/deploy-tests DockerfileTest checks the copies.)
cpu_limit() {
  if [ -r /sys/fs/cgroup/cpu.max ]; then                      # cgroup v2: "<quota> <period>" or "max <period>"
    read -r quota period < /sys/fs/cgroup/cpu.max
  elif [ -r /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then       # cgroup v1
    quota=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us); period=$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)
  fi
  if [ -n "${quota:-}" ] && [ "$quota" != max ] && [ "$quota" -gt 0 ] 2>/dev/null; then
    echo $(( (quota + period - 1) / period ))                 # round a fractional limit up
  else
    nproc                                                     # no quota: the CPUs we may run on
  fi
}
cpus=$(cpu_limit)
[ "$cpus" -ge 1 ] 2>/dev/null || cpus=1
export LATENTLAB_WORKERS="${LATENTLAB_WORKERS:-$cpus}"
threads=$(( cpus / LATENTLAB_WORKERS )); [ "$threads" -ge 1 ] || threads=1
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-$threads}"
echo "[latentlab] cpus=$cpus LATENTLAB_WORKERS=$LATENTLAB_WORKERS OMP_NUM_THREADS=$OMP_NUM_THREADS"
exec /opt/jboss/container/java/run/run-java.sh "$@"
