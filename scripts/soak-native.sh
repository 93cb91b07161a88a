#!/usr/bin/env bash
# The connection path over many scrapes: does anything grow? Starts the lab (2 nodes + QDevice,
# 2 links) and one exporter on node1 with --collector.{quorum,links}.source=native, scrapes it N
# times (default 3000), and prints its threads, open descriptors and the /dev/shm/qb-* entries
# node1 sees (corosync's IPC rings) every N/6 scrapes. Not a test (no assertion): numbers for docs/performance.md. As root.
set -euo pipefail
. "$(dirname "$0")/lib-bench.sh"
bench_init soak-native
N=${1:-3000}
lab_up --nodes 2 --qdevice --links 2
addr=$($LAB addr node1)
url="http://$addr:9679/metrics"
$LAB spawn node1 exporter -- "$JAVA" "$JVM_OPTS" -jar "$JAR" --web.listen-address="$addr:9679" \
  --collector.quorum.source=native --collector.links.source=native >/dev/null
await_up "$url"
pid=$(cat /tmp/corosync-lab/node1/exporter.pid)
state() { # scrapes done so far
  printf '%6d scrapes: threads %s, fds %s, /dev/shm/qb-* %s, collectors failed %s\n' "$1" \
    "$(awk '/^Threads:/ {print $2}' "/proc/$pid/status")" "$(ls "/proc/$pid/fd" | wc -l)" \
    "$($LAB exec node1 -- sh -c 'ls /dev/shm | grep -c "^qb-"' || true)" \
    "$(curl -sf "$url" | grep -c '^corosync_exporter_collector_success{.* 0\.0$' || true)"
}
for _ in $(seq 20); do curl -sf -o /dev/null "$url"; done # warm-up: connections opened, JIT
state 0
step=$((N / 6))
start=$(date +%s.%N)
for i in $(seq "$N"); do
  curl -sf -o /dev/null "$url" || echo "scrape $i failed"
  if [ $((i % step)) = 0 ]; then state "$i"; fi
done
awk -v s="$start" -v e="$(date +%s.%N)" -v n="$N" 'BEGIN {printf "%d scrapes in %.0f s (%.1f ms each)\n", n, e - s, (e - s) * 1000 / n}'
