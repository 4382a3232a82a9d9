#!/usr/bin/env bash
# The deployment proven by running it, with podman where there is no Docker engine and no image registry
# (docs/containers.md "Containers with podman, without a registry"):
#   containers.sh build   the Debian JRE base image (mmdebstrap), the Kafka and MinIO stand-ins, the seven service
#                         images from the packaged fast-jars (./mvnw package first)
#   containers.sh test    build, then docker-compose.yml + compose.podman.yml up through podman's Docker API, a
#                         study triggered with kcat, checked and torn down; ends with
#                         "container study: <runId> completed, <n> rows". Exit 77: podman cannot start a container.
# Environment: LATENTLAB_CONTAINERS_OUT (logs, report; default .latentlab/containers/out), CONTAINERS_CONF (else
# one is written: no default ulimits, runc), LATENTLAB_CONTAINERS_TIMEOUT_MINUTES (the study; default 6).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK="$ROOT/.latentlab/containers"
OUT=${LATENTLAB_CONTAINERS_OUT:-$WORK/out}
PROJECT=latentlab-containers
VERSION=0.1.0-SNAPSHOT
SERVICES=(data-prep noise-injector reducer-trainer classifier-trainer evaluator control model-server)
# the services whose JVM has surely loaded the ND4J/OpenBLAS natives once a study trained (the others may, on demand)
ND4J_SERVICES=(reducer-trainer classifier-trainer)
# image names: deploy/containers/compose.podman.yml names the same
BASE_IMAGE=localhost/latentlab/jre17-debian:bookworm
KAFKA_STANDIN=localhost/latentlab-standin/kafka:0.1.0
MINIO_STANDIN=localhost/latentlab-standin/minio:0.1.0
BASE_PACKAGES=openjdk-17-jre-headless,ca-certificates,curl
COMPOSE_FILES=(-f "$ROOT/docker-compose.yml" -f "$ROOT/deploy/containers/compose.podman.yml")
# everything but Prometheus and Grafana, whose images have no stand-in here
COMPOSE_SERVICES=(kafka kafka-init minio minio-init stage-mnist "${SERVICES[@]}")

log() { printf '\033[1m[containers]\033[0m %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }
elapsed() { echo "$((SECONDS - ${1:-0})) s"; }

# Debian's podman on these machines: the default ulimits cannot be raised here and crun refuses the hybrid cgroups
podman_config() {
  mkdir -p "$WORK"
  if [ -z "${CONTAINERS_CONF:-}" ]; then
    export CONTAINERS_CONF="$WORK/containers.conf"
    printf '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n' >"$CONTAINERS_CONF"
  fi
}

# A JRE 17 image from Debian's packages (the suite and mirrors of this machine), with UBI's user 185 ("default")
build_base() {
  local label suite tar mirrors=() f
  suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
  label="$suite:$BASE_PACKAGES"
  if podman image exists "$BASE_IMAGE" \
     && [ "$(podman image inspect --format '{{ index .Config.Labels "io.latentlab.base" }}' "$BASE_IMAGE")" = "$label" ]; then
    log "base image $BASE_IMAGE is there ($label)"; return
  fi
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -s "$f" ] && grep -q '^[^#]*debian' "$f" && mirrors+=("$f")
  done
  tar="$WORK/rootfs.tar"
  log "base image: mmdebstrap $suite + $BASE_PACKAGES (${mirrors[*]:-deb.debian.org})"
  mmdebstrap --variant=apt --include="$BASE_PACKAGES" \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook='chroot "$1" useradd --uid 185 --gid 0 --home-dir /home/default --create-home default' \
    "$suite" "$tar" "${mirrors[@]}" </dev/null >"$OUT/build/base.log" 2>&1 \
    || fail "mmdebstrap (log: $OUT/build/base.log)"
  podman import -q --change "LABEL io.latentlab.base=$label" --change 'ENV LANG=C.UTF-8' "$tar" "$BASE_IMAGE" >/dev/null
  rm -f "$tar"
}

# one build context for both stand-ins: the local stack's jar and libraries, the stand-ins' scripts
build_standins() {
  local context="$WORK/context/standins" jar="$ROOT/services/lib/local-stack/target/local-stack-$VERSION.jar"
  [ -f "$jar" ] || fail "$jar is missing: ./mvnw -B package -DskipTests"
  rm -rf "$context" && mkdir -p "$context"
  cp -al "$ROOT/services/lib/local-stack/target/lib" "$context/lib" 2>/dev/null || cp -a "$ROOT/services/lib/local-stack/target/lib" "$context/lib"
  cp "$jar" "$context/local-stack.jar"
  cp -a "$ROOT/deploy/containers/standins/Containerfile" "$ROOT/deploy/containers/standins/bin" "$context/"
  local target image
  for target in kafka minio; do
    image=$KAFKA_STANDIN; [ "$target" = minio ] && image=$MINIO_STANDIN
    podman build -q --target "$target" --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$image" "$context" \
      >"$OUT/build/standin-$target.log" 2>&1 || fail "stand-in $target (log: $OUT/build/standin-$target.log)"
  done
}

# the seven service images, from their own Dockerfiles on the base image, built side by side
build_services() {
  local s pids=() failed=()
  for s in "${SERVICES[@]}"; do
    [ -f "$ROOT/services/$s/target/quarkus-app/quarkus-run.jar" ] \
      || fail "services/$s/target/quarkus-app is missing: ./mvnw -B package -DskipTests"
  done
  for s in "${SERVICES[@]}"; do
    podman build -q --build-arg BASE_IMAGE="$BASE_IMAGE" -f "$ROOT/services/$s/src/main/docker/Dockerfile.jvm" \
      -t "latentlab/$s:0.1.0" "$ROOT" >"$OUT/build/$s.log" 2>&1 &
    pids+=("$!")
  done
  for i in "${!SERVICES[@]}"; do wait "${pids[$i]}" || failed+=("${SERVICES[$i]}"); done
  [ ${#failed[@]} = 0 ] || fail "image builds: ${failed[*]} (logs: $OUT/build/)"
}

build_all() {
  local start=$SECONDS
  mkdir -p "$OUT/build"
  podman_config
  build_base
  require_containers # the other builds run containers (RUN steps)
  build_standins
  build_services
  log "images built in $(elapsed $start):"
  podman images --format '{{.Repository}}:{{.Tag}} {{.Size}}' \
    | grep -E "latentlab/|latentlab-standin/" | sed 's/^/  /' | tee "$OUT/images.txt" >&2
}

# Exit 77 (skipped) only where podman cannot start a container at all
require_containers() {
  local err
  if ! err=$(podman run --rm "$BASE_IMAGE" true 2>&1); then
    printf '\n%s\n%s\n%s\n\n' "########## CONTAINER TEST SKIPPED ##########" \
      "podman cannot start a container on this machine: $err" "###########################################" >&2
    exit 77
  fi
}

# --- the scenario -------------------------------------------------------------------------------------------

pick_free_ports() { # n: FREE_PORTS = n different ports that nothing listens on
  local p
  FREE_PORTS=()
  while [ ${#FREE_PORTS[@]} -lt "$1" ]; do
    p=$((20000 + RANDOM % 20000))
    [[ " ${FREE_PORTS[*]} " == *" $p "* ]] && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
    FREE_PORTS+=("$p")
  done
}

secret() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

write_env() { # the .env of this run: fresh secrets, free host ports, the verified MNIST files
  pick_free_ports 6
  KAFKA_PORT=${FREE_PORTS[0]}; S3_PORT=${FREE_PORTS[1]}
  S3_USER=latentlab; S3_SECRET=$(secret 16); S3_READER=latentlab-reader
  (umask 077 && : >"$WORK/compose.env")
  cat >"$WORK/compose.env" <<EOF
MINIO_ROOT_USER=minio-root
MINIO_ROOT_PASSWORD=$(secret 16)
LATENTLAB_S3_ACCESS_KEY=$S3_USER
LATENTLAB_S3_SECRET_KEY=$S3_SECRET
LATENTLAB_S3_READER_ACCESS_KEY=$S3_READER
LATENTLAB_S3_READER_SECRET_KEY=$(secret 16)
LATENTLAB_API_TOKEN=$(secret 24)
GRAFANA_ADMIN_PASSWORD=$(secret 12)
LATENTLAB_WORKERS=1
LATENTLAB_MNIST_DIR=$MNIST_DIR
LATENTLAB_KAFKA_HOST_PORT=$KAFKA_PORT
MINIO_HOST_PORT=$S3_PORT
MINIO_CONSOLE_HOST_PORT=${FREE_PORTS[2]}
LATENTLAB_CONTROL_HOST_PORT=${FREE_PORTS[3]}
PROMETHEUS_HOST_PORT=${FREE_PORTS[4]}
GRAFANA_HOST_PORT=${FREE_PORTS[5]}
EOF
  # docker-compose prefers the shell's variables to the env file's (./latentlab exports some of the same names)
  local name
  while IFS='=' read -r name _; do unset "$name"; done <"$WORK/compose.env"
}

compose() { docker-compose -p "$PROJECT" --env-file "$WORK/compose.env" "${COMPOSE_FILES[@]}" "$@"; }

# podman's Docker-compatible API for docker-compose; its networks are netavark's, where aardvark-dns answers the
# compose names (kafka, minio) inside the containers
start_podman_service() {
  SOCKET="$WORK/podman.sock"
  rm -f "$SOCKET"
  podman system service --time=0 "unix://$SOCKET" >"$OUT/logs/podman-service.log" 2>&1 &
  PODMAN_SERVICE_PID=$!
  for _ in $(seq 1 100); do [ -S "$SOCKET" ] && break; sleep 0.1; done
  [ -S "$SOCKET" ] || fail "podman system service did not open $SOCKET (log: $OUT/logs/podman-service.log)"
  export DOCKER_HOST="unix://$SOCKET" COMPOSE_HTTP_TIMEOUT=300
}

project_containers() { podman ps -a --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}}'; }

# podman runs health checks from systemd timers; without systemd (these machines) nothing runs them: we do,
# every 3 s until a container is healthy, then every 30 s
drive_healthchecks() {
  local round=0 c health
  while :; do
    for c in $(podman ps --filter "label=com.docker.compose.project=$PROJECT" --format '{{.Names}}'); do
      health=$(podman inspect --format '{{.State.Health.Status}}' "$c" 2>/dev/null) || continue
      [ -n "$health" ] || continue # no health check
      if [ "$health" != healthy ] || [ $((round % 10)) = 0 ]; then podman healthcheck run "$c" >/dev/null 2>&1 || true; fi
    done
    round=$((round + 1))
    sleep 3
  done
}

container_of() { echo "${PROJECT}_$1_1"; }

wait_healthy() { # every long-running service healthy within $1 s
  local deadline=$((SECONDS + $1)) s status pending
  while :; do
    pending=()
    for s in kafka minio "${SERVICES[@]}"; do
      status=$(podman inspect --format '{{.State.Health.Status}}' "$(container_of "$s")" 2>/dev/null || echo missing)
      [ "$status" = healthy ] || pending+=("$s:$status")
    done
    [ ${#pending[@]} = 0 ] && return
    [ $SECONDS -ge $deadline ] && fail "not healthy after $1 s: ${pending[*]}"
    sleep 2
  done
}

# as docker-compose.yml says: user 185, read-only root filesystem, /tmp a volume holding the natives JavaCPP loaded
check_containers() {
  local s c uid maps ro tmp
  for s in "${SERVICES[@]}"; do
    c=$(container_of "$s")
    uid=$(podman exec "$c" id -u)
    [ "$uid" != 0 ] || fail "$s runs as root"
    [ "$uid" = 185 ] || fail "$s runs as uid $uid, not the images' 185"
    ro=$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$c")
    [ "$ro" = true ] || fail "$s: the root filesystem is writable (docker-compose.yml says read_only)"
    if podman exec "$c" sh -c 'echo x > /deployments/probe' 2>/dev/null; then fail "$s could write /deployments"; fi
    podman exec "$c" sh -c 'echo x > /tmp/probe && rm /tmp/probe' || fail "$s cannot write /tmp"
    tmp=$(podman inspect --format '{{range .Mounts}}{{if eq .Destination "/tmp"}}{{.Type}}{{end}}{{end}}' "$c")
    [ "$tmp" = volume ] || fail "$s: /tmp is not a volume (${tmp:-not mounted})"
    maps=$(podman exec "$c" sh -c 'grep -o "/[^ ]*nd4j[^ ]*\.so" /proc/1/maps | sort -u' || true)
    if [[ " ${ND4J_SERVICES[*]} " == *" $s "* ]]; then
      [ -n "$maps" ] || fail "$s has not loaded the ND4J natives"
    fi
    if [ -n "$maps" ] && grep -qv '^/tmp/javacpp/' <<<"$maps"; then fail "$s loaded natives outside /tmp/javacpp: $maps"; fi
    log "$s: uid $uid, read-only root, /tmp a volume${maps:+, natives from $(head -1 <<<"$maps" | cut -d/ -f1-3)/...}"
  done
}

run_study() { # kcat on the published Kafka port, then the launcher's watch (run events, the report from S3)
  local request rows expected
  RUN_ID="containers-$(date +%Y%m%d-%H%M%S)"
  request=$(printf '{"runId":"%s","profile":"quick","seed":7,"reducers":[{"kind":"pca","k":[16]},{"kind":"dae","k":[16]}],"noiseFactors":[0.2],"architectures":[{"name":"A1","hidden":[32]}]}' "$RUN_ID")
  echo "$request" >"$OUT/request.json"
  echo "$request" | kcat -P -b "127.0.0.1:$KAFKA_PORT" -t latentlab.run-requests -k "$RUN_ID" \
    || fail "kcat could not publish the run request to 127.0.0.1:$KAFKA_PORT"
  log "run $RUN_ID requested with kcat on :$KAFKA_PORT; watching"
  KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" LATENTLAB_S3_ENDPOINT="http://127.0.0.1:$S3_PORT" \
  LATENTLAB_S3_ACCESS_KEY=$S3_USER LATENTLAB_S3_SECRET_KEY=$S3_SECRET LATENTLAB_RUNS_DIR="$OUT/runs" \
    java -jar "$ROOT/services/tools/launcher/target/launcher-$VERSION.jar" watch "$RUN_ID" \
      --timeout-minutes "${LATENTLAB_CONTAINERS_TIMEOUT_MINUTES:-6}" >"$OUT/watch.log" 2>&1 \
    || fail "run $RUN_ID did not complete ($(tail -3 "$OUT/watch.log" | tr '\n' ' '))"
  [ -s "$OUT/runs/$RUN_ID/report.json" ] || fail "no report.json for $RUN_ID"
  rows=$(jq '.rows | length' "$OUT/runs/$RUN_ID/report.json")
  # one row per reducer x k (x noise factor for a DAE; raw has no k) x architecture
  expected=$(jq '(.noiseFactors | length) as $n | (.architectures | length)
    * ([.reducers[] | if .kind == "raw" then 1 elif .kind == "dae" then (.k | length) * $n else (.k | length) end] | add)' \
    "$OUT/request.json")
  [ "$rows" = "$expected" ] || fail "report of $RUN_ID has $rows rows, the request asked for $expected"
  ROWS=$rows
}

# after a failure: every container that exited non-zero or is unhealthy, with the end of its log (a CI's workspace,
# and so the logs folder, may be gone by the time someone reads the failure)
report_failed_containers() {
  local c state
  for c in $(project_containers); do
    state=$(podman inspect --format '{{.State.Status}} {{.State.ExitCode}} {{.State.Health.Status}}' "$c" 2>/dev/null) || continue
    case "$state" in
      "exited 0"*|running*) [[ "$state" == *unhealthy ]] || continue ;;
    esac
    log "$c ($state), the end of its log:"
    podman logs "$c" 2>&1 | tail -n 25 | sed 's/^/    /' >&2
  done
}

teardown() { # once: on success before the result line, else on exit (errors, SIGTERM, Ctrl-C)
  local code=$? c
  set +e
  [ -n "${TORN_DOWN:-}" ] && return "$code"
  TORN_DOWN=1
  if [ -n "${DOCKER_HOST:-}" ]; then
    [ -n "${HEALTH_PID:-}" ] && kill "$HEALTH_PID" 2>/dev/null
    for c in $(project_containers); do podman logs "$c" >"$OUT/logs/$c.log" 2>&1; done
    [ "$code" = 0 ] || report_failed_containers
    compose down -v --remove-orphans -t 20 >"$OUT/logs/compose-down.log" 2>&1
    log "torn down; container logs in $OUT/logs"
  fi
  [ -n "${PODMAN_SERVICE_PID:-}" ] && kill "$PODMAN_SERVICE_PID" 2>/dev/null
  return "$code"
}

# Up to three tries: podman on these machines now and then fails a container start on its own ("read
# /proc/<pid>/cgroup: no such process" while a one-off exits), and everything up starts is idempotent (topics
# --if-not-exists, bucket --ignore-existing, users and policies put, MNIST staged only if missing). Each failed
# try is reported with the containers that failed, so a real fault stays visible even when a retry passes.
compose_up() {
  local attempt
  for attempt in 1 2 3; do
    if timeout 420 docker-compose -p "$PROJECT" --env-file "$WORK/compose.env" "${COMPOSE_FILES[@]}" \
         up -d --no-build "${COMPOSE_SERVICES[@]}" >"$OUT/logs/compose-up-$attempt.log" 2>&1; then
      return
    fi
    log "docker-compose up, try $attempt of 3, failed: $(tail -3 "$OUT/logs/compose-up-$attempt.log" | tr '\n' ' ')"
    [ "$attempt" = 3 ] || report_failed_containers # the last try's are reported by teardown, after fail
  done
  fail "docker-compose up, three times (logs: $OUT/logs/compose-up-*.log)"
}

test_scenario() {
  local start=$SECONDS step
  rm -rf "$OUT" && mkdir -p "$OUT/logs" "$OUT/build"
  MNIST_DIR=${LATENTLAB_MNIST_DIR:-$("$ROOT/deploy/local/fetch-mnist.sh")}
  [ -f "$ROOT/services/tools/launcher/target/launcher-$VERSION.jar" ] || fail "the launcher jar is missing: ./mvnw -B package -DskipTests"
  build_all
  write_env
  start_podman_service
  trap teardown EXIT
  trap 'exit 143' TERM INT
  compose down -v --remove-orphans >/dev/null 2>&1 || true # what an interrupted run left
  drive_healthchecks & HEALTH_PID=$!
  step=$SECONDS
  log "docker-compose up (${COMPOSE_SERVICES[*]})"
  compose_up
  wait_healthy 300
  log "every service healthy $(elapsed $step) after up"
  step=$SECONDS
  run_study
  log "study $(elapsed $step)"
  check_containers
  teardown
  log "wall time $(elapsed $start)"
  echo "container study: $RUN_ID completed, $ROWS rows" | tee "$OUT/result.txt"
}

case "${1:-}" in
  build) mkdir -p "$OUT/build"; build_all ;;
  test) test_scenario ;;
  *) sed -n '2,/^set -e/p' "$0" | sed -n 's/^# \{0,1\}//p'; exit 2 ;;
esac
