#!/usr/bin/env bash
# Local single-node Apache Kafka broker (KRaft, combined broker+controller) for
# development and tests: jars from Maven Central via kafka/pom.xml, no Docker.
#
# Usage: bash scripts/kafka.sh {fetch|up|down|status}
#
#   fetch   resolve the broker jars into .cache/kafka/$KAFKA_VERSION/libs (idempotent)
#   up      fetch if needed, format a fresh temp data dir, start the broker in the
#           background and wait until it answers; no-op if already running
#   down    stop the broker (SIGTERM, then SIGKILL after 20 s), delete its data; idempotent
#   status  print "running ..." (exit 0) or "not running" (exit 1)
#
# Environment (all optional):
#   KAFKA_VERSION          org.apache.kafka:kafka_2.13 version      (default 4.4.0)
#   KAFKA_PORT             PLAINTEXT listener on 127.0.0.1           (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft CONTROLLER listener on 127.0.0.1    (default 9093)
#   KAFKA_HEAP_OPTS        JVM heap flags                           (default -Xms128m -Xmx512m)
#   KAFKA_LOG_LEVEL        root log level of the broker log file     (default WARN)
#   KAFKA_START_TIMEOUT    seconds to wait for the broker in `up`    (default 60)
#   JAVA                   java executable, Java 17+ (default $JAVA_HOME/bin/java, else java)
#   PYTHON                 python with aiokafka for the readiness probe (default .venv/bin/python)
#
# Files: .cache/kafka/<version>/libs/*.jar and .cache/kafka/<version>/.complete (fetch);
#        .cache/kafka/run-PORT/{kafka.pid,datadir,bootstrap,version} while the broker runs
#        (KAFKA_RUN_DIR overrides), so brokers on other ports do not collide.
#        The temp data dir holds server.properties, log4j2.properties, server.log
#        (broker log), kafka.out (JVM stdout/stderr) and data/ (log.dirs).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
KAFKA_LOG_LEVEL="${KAFKA_LOG_LEVEL:-WARN}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-60}"
PYTHON="${PYTHON:-.venv/bin/python}"
if [[ -z "${JAVA:-}" ]]; then
    if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
        JAVA="${JAVA_HOME}/bin/java"
    else
        JAVA=java
    fi
fi

CACHE_DIR=".cache/kafka"
VERSION_DIR="$CACHE_DIR/$KAFKA_VERSION"
LIBS_DIR="$VERSION_DIR/libs"
COMPLETE_MARKER="$VERSION_DIR/.complete"
RUN_DIR="${KAFKA_RUN_DIR:-$CACHE_DIR/run-$KAFKA_PORT}"
PID_FILE="$RUN_DIR/kafka.pid"
DATADIR_FILE="$RUN_DIR/datadir"
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
# Written into every data dir we create; `down` only deletes dirs that carry it.
OWNER_MARKER=".sitrep-kafka"

log() { echo "kafka.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# ---------------------------------------------------------------------------- fetch

fetch() {
    if [[ -f "$COMPLETE_MARKER" && -d "$LIBS_DIR" ]]; then
        return 0
    fi
    command -v mvn >/dev/null || die "mvn not found (needed to fetch Kafka $KAFKA_VERSION jars)"
    log "fetching Kafka $KAFKA_VERSION jars from Maven Central into $LIBS_DIR"
    mkdir -p "$VERSION_DIR"
    local tmp
    tmp="$(mktemp -d "$VERSION_DIR/libs.tmp.XXXXXX")"
    # copy-dependencies wants an absolute or pom-relative outputDirectory: pass it absolute.
    # Maven prints its errors on stdout (and, in 3.8.x, stray ANSI resets even with -B):
    # keep its output in a file and show it only when it fails.
    if ! mvn -B -q -f kafka/pom.xml dependency:copy-dependencies \
            -Dkafka.version="$KAFKA_VERSION" \
            -DincludeScope=runtime \
            -DoutputDirectory="$PWD/$tmp" >"$tmp.mvn.log" 2>&1; then
        cat "$tmp.mvn.log" >&2
        rm -rf "$tmp" "$tmp.mvn.log"
        rmdir "$VERSION_DIR" 2>/dev/null || true
        die "mvn failed to resolve org.apache.kafka:kafka_2.13:$KAFKA_VERSION"
    fi
    rm -f "$tmp.mvn.log"
    if ! compgen -G "$tmp/kafka_2.13-*.jar" >/dev/null; then
        rm -rf "$tmp"
        die "mvn ran but no kafka_2.13 jar was copied"
    fi
    rm -rf "$LIBS_DIR"
    mv "$tmp" "$LIBS_DIR"
    local n
    n="$(find "$LIBS_DIR" -name '*.jar' | wc -l)"
    echo "kafka_2.13 $KAFKA_VERSION: $n jars" >"$COMPLETE_MARKER"
    log "fetched $n jars ($(du -sh "$LIBS_DIR" | cut -f1))"
}

# ---------------------------------------------------------------------------- helpers

# Prints the pid of the running broker and returns 0, or returns 1.
running_pid() {
    [[ -f "$PID_FILE" ]] || return 1
    local pid
    pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    # Guard against pid reuse: it must still be our kafka.Kafka JVM.
    if [[ -r "/proc/$pid/cmdline" ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'kafka\.Kafka'; then
        return 1
    fi
    echo "$pid"
}

# A random KRaft cluster id: 16 random bytes, URL-safe base64 without padding (22 chars),
# the format Uuid.randomUuid().toString() produces; like Kafka, avoid a leading '-'.
random_cluster_id() {
    local id
    while :; do
        id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
        [[ "$id" != -* && ${#id} -eq 22 ]] && { echo "$id"; return; }
    done
}

write_server_properties() {
    local dir="$1"
    cat >"$dir/server.properties" <<EOF
# Generated by scripts/kafka.sh: single-node KRaft dev broker, data is thrown away on down.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data

num.partitions=4
auto.create.topics.enable=true
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Fewer internal partitions than the default 50: faster first group/transaction use.
offsets.topic.num.partitions=10
transaction.state.log.num.partitions=10
num.network.threads=2
num.io.threads=4
log.retention.hours=24
EOF
}

write_log4j2_config() {
    local dir="$1"
    # Kafka 4.x logs through Log4j2. Without a config file log4j2 falls back to ERROR on
    # the console; this one sends everything to server.log in the data dir, quietly,
    # but keeps the "Kafka Server started" line (kafka.server.KafkaRaftServer at INFO).
    cat >"$dir/log4j2.properties" <<EOF
status = warn
name = sitrep-kafka
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $dir/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = $KAFKA_LOG_LEVEL
rootLogger.appenderRef.file.ref = FILE
logger.raftserver.name = kafka.server.KafkaRaftServer
logger.raftserver.level = INFO
EOF
}

log_tail() {
    local dir="$1" f
    for f in "$dir/kafka.out" "$dir/server.log"; do
        if [[ -s "$f" ]]; then
            echo "----- tail $f -----" >&2
            tail -n 40 "$f" >&2
        fi
    done
}

# Waits until the broker at $BOOTSTRAP answers a metadata request that lists a broker.
# Returns 0 when ready, 1 if the JVM died, 2 on timeout.
wait_ready() {
    local pid="$1" dir="$2"
    if [[ -x "$PYTHON" ]] && "$PYTHON" -c 'import aiokafka' 2>/dev/null; then
        local rc=0
        "$PYTHON" - "$BOOTSTRAP" "$pid" "$KAFKA_START_TIMEOUT" <<'PY' || rc=$?
import asyncio, logging, os, sys, time

from aiokafka import AIOKafkaClient

logging.disable(logging.CRITICAL)
bootstrap, pid, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])


def alive() -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


async def probe() -> bool:
    client = AIOKafkaClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    try:
        await client.bootstrap()
        return bool(client.cluster.brokers())
    except Exception:
        return False
    finally:
        await client.close()


async def main() -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            return 1
        if await probe():
            return 0
        await asyncio.sleep(0.25)
    return 2


sys.exit(asyncio.run(main()))
PY
        return "$rc"
    fi
    # Fallback without aiokafka: the startup line in the log, then the port accepts.
    log "($PYTHON with aiokafka not found: waiting on the broker log and the TCP port)"
    local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
    while ((SECONDS < deadline)); do
        kill -0 "$pid" 2>/dev/null || return 1
        if grep -q 'Kafka Server started' "$dir/server.log" 2>/dev/null &&
            (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null; then
            return 0
        fi
        sleep 0.25
    done
    return 2
}

stop_pid() {
    local pid="$1" i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 80; i++)); do   # 80 x 0.25 s = 20 s
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.25
    done
    log "broker (pid $pid) did not stop within 20 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 20; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.25
    done
}

cleanup_run_files() {
    local dir=""
    [[ -f "$DATADIR_FILE" ]] && dir="$(cat "$DATADIR_FILE" 2>/dev/null || true)"
    if [[ -n "$dir" && -d "$dir" && -f "$dir/$OWNER_MARKER" ]]; then
        rm -rf -- "$dir"
    fi
    rm -f "$PID_FILE" "$DATADIR_FILE" "$RUN_DIR/bootstrap" "$RUN_DIR/version"
    rmdir "$RUN_DIR" 2>/dev/null || true
}

# ---------------------------------------------------------------------------- commands

up() {
    local pid
    if pid="$(running_pid)"; then
        log "already running (pid $pid, bootstrap $(cat "$RUN_DIR/bootstrap" 2>/dev/null || echo "$BOOTSTRAP"))"
        return 0
    fi
    # A stale pid file (broker died, machine rebooted): clear it and its data dir.
    cleanup_run_files

    local port
    for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            die "127.0.0.1:$port is already in use (another broker? set KAFKA_PORT / KAFKA_CONTROLLER_PORT)"
        fi
    done
    "$JAVA" -version >/dev/null 2>&1 || die "java not found ($JAVA); Kafka $KAFKA_VERSION needs Java 17+"
    fetch

    local dir
    dir="$(mktemp -d "${TMPDIR:-/tmp}/sitrep-kafka.XXXXXX")"
    touch "$dir/$OWNER_MARKER"
    mkdir -p "$dir/data" "$RUN_DIR"
    echo "$dir" >"$DATADIR_FILE"
    write_server_properties "$dir"
    write_log4j2_config "$dir"

    local cp="$LIBS_DIR/*"
    local -a jvm_opts
    # shellcheck disable=SC2206  # heap opts are deliberately word-split
    jvm_opts=($KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError
        -Djava.awt.headless=true "-Dlog4j2.configurationFile=$dir/log4j2.properties"
        "-Dkafka.logs.dir=$dir")

    local cluster_id
    cluster_id="$(random_cluster_id)"
    if ! "$JAVA" "${jvm_opts[@]}" -cp "$cp" kafka.tools.StorageTool format \
            --config "$dir/server.properties" --cluster-id "$cluster_id" --standalone \
            >"$dir/format.out" 2>&1; then
        cat "$dir/format.out" >&2
        cleanup_run_files
        die "kafka-storage format failed"
    fi

    # setsid: the broker gets its own session, so it outlives this shell and its process
    # group. The inner bash writes its own pid, then execs java: that pid is the JVM's.
    rm -f "$PID_FILE"
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
        "$JAVA" "${jvm_opts[@]}" -cp "$cp" kafka.Kafka "$dir/server.properties" \
        </dev/null >"$dir/kafka.out" 2>&1 &
    local i
    for ((i = 0; i < 40; i++)); do
        [[ -s "$PID_FILE" ]] && break
        sleep 0.05
    done
    [[ -s "$PID_FILE" ]] || { cleanup_run_files; die "broker process did not start"; }
    pid="$(cat "$PID_FILE")"
    echo "$BOOTSTRAP" >"$RUN_DIR/bootstrap"
    echo "$KAFKA_VERSION" >"$RUN_DIR/version"

    local rc=0
    wait_ready "$pid" "$dir" || rc=$?
    if ((rc != 0)); then
        if ((rc == 1)); then
            log "broker (pid $pid) exited during startup"
        else
            log "broker (pid $pid) did not answer on $BOOTSTRAP within ${KAFKA_START_TIMEOUT}s"
        fi
        log_tail "$dir"
        stop_pid "$pid"
        cleanup_run_files
        exit 1
    fi
    log "Kafka $KAFKA_VERSION up: bootstrap $BOOTSTRAP, pid $pid, data $dir"
}

down() {
    local pid
    if pid="$(running_pid)"; then
        stop_pid "$pid"
        log "stopped broker (pid $pid)"
    else
        log "not running"
    fi
    cleanup_run_files
}

status() {
    local pid
    if pid="$(running_pid)"; then
        echo "running (pid $pid, Kafka $(cat "$RUN_DIR/version" 2>/dev/null || echo '?'), bootstrap $(cat "$RUN_DIR/bootstrap" 2>/dev/null || echo '?'), data $(cat "$DATADIR_FILE" 2>/dev/null || echo '?'))"
        return 0
    fi
    echo "not running"
    return 1
}

case "${1:-}" in
    fetch) fetch ;;
    up) up ;;
    down) down ;;
    status) status ;;
    *)
        echo "usage: bash scripts/kafka.sh {fetch|up|down|status}" >&2
        exit 2
        ;;
esac
