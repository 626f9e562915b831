#!/usr/bin/env bash
# `make demo`: a real broker, a real worker, the seed pages replayed, and what
# arrived on each topic printed. Everything started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
RUN=.cache/demo
mkdir -p "$RUN"
worker_pid=""
started_broker=0

cleanup() {
  if [ -n "$worker_pid" ] && kill -0 "$worker_pid" 2>/dev/null; then
    kill -TERM "$worker_pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$worker_pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$worker_pid" 2>/dev/null || true
  fi
  if [ "$started_broker" = 1 ]; then bash scripts/kafka.sh down >/dev/null || true; fi
}
trap cleanup EXIT

if ! bash scripts/kafka.sh status >/dev/null 2>&1; then
  started_broker=1
fi
bash scripts/kafka.sh up
$PY -m streams.kafka ensure-topics

echo "starting the worker (log: $RUN/worker.log)"
rm -rf .cache/faust
$PY -m streams worker -l info --web-port "${SITREP_WEB_PORT:-6066}" >"$RUN/worker.log" 2>&1 &
worker_pid=$!
for _ in $(seq 1 120); do
  grep -q "Ready" "$RUN/worker.log" 2>/dev/null && break
  kill -0 "$worker_pid" 2>/dev/null || { echo "worker exited:"; tail -30 "$RUN/worker.log"; exit 1; }
  sleep 0.5
done
grep -q "Ready" "$RUN/worker.log" || { echo "worker not ready after 60 s"; tail -30 "$RUN/worker.log"; exit 1; }

$PY -m streams replay seeds

echo
echo "=== what arrived on each topic ==="
$PY -m streams subscribe --from-beginning --until-idle "${SITREP_DEMO_IDLE:-6}" | tee "$RUN/arrived.txt"
echo
echo "=== messages per topic ==="
awk '{print $1}' "$RUN/arrived.txt" | sort | uniq -c
$PY -m streams subscribe raw-posts.dlq --from-beginning --until-idle 2 --json | wc -l | xargs -I{} echo "dead letters: {}"

echo
echo "=== tallies (from the running worker) ==="
$PY -m streams tallies
mkdir -p .cache  # the picture goes beside the run's other files: the demo leaves the tree as it found it
$PY scripts/screenshot.py --out .cache/dashboard.png || echo "(no screenshot: see scripts/chromium.sh)"
