#!/usr/bin/env bash
# What a scrape costs, for corosync-exporter's connection path (local mode, connections kept open),
# its tool path and Debian's prometheus-hacluster-exporter (ha_cluster_exporter), on the same lab
# node: scrape latency, resident memory, and corosync's own CPU time per scrape (every thread of the
# corosync process, from /proc/<corosync>/task/*/schedstat in ns; the same utime+stime as
# /proc/<pid>/stat without its 10 ms ticks), corosync's idle rate subtracted.
# Exporters are scraped in alternating blocks of BLOCK scrapes, so drift hits all three alike.
# Not a test: it prints a table. Needs root and a built jar (scripts/demo.sh or mvn package).
#
#   scripts/benchmark.sh [ROUNDS] [BLOCK]   (as root; default 6 rounds of 50 scrapes of each,
#                                            after 50 warm-up scrapes)
set -euo pipefail
source "$(dirname "$0")/lib-bench.sh"
bench_init benchmark
ROUNDS=${1:-6}
BLOCK=${2:-50}
WARMUP=50
IDLE_SECONDS=5
command -v ha_cluster_exporter >/dev/null || { echo "benchmark: apt-get install prometheus-hacluster-exporter" >&2; exit 1; }
lab_up --nodes 2 --qdevice --links 2
addr=$($LAB addr node1)
$LAB spawn node1 exporter-native -- "$JAVA" "$JVM_OPTS" -jar "$JAR" --web.listen-address="$addr:9681" \
  --collector.quorum.source=native --collector.links.source=native >/dev/null
$LAB spawn node1 exporter -- "$JAVA" "$JVM_OPTS" -jar "$JAR" --web.listen-address="$addr:9679" >/dev/null
$LAB spawn node1 hacluster -- "$(command -v ha_cluster_exporter)" --web.listen-address="$addr:9664" >/dev/null

declare -A URL=([native]="http://$addr:9681/metrics" [tools]="http://$addr:9679/metrics" [ha_cluster_exporter]="http://$addr:9664/metrics")
declare -A PIDFILE=([native]=exporter-native [tools]=exporter [ha_cluster_exporter]=hacluster)
ORDER=(native tools ha_cluster_exporter)
corosync_pid=$(cat /tmp/corosync-lab/node1/corosync.pid)

corosync_cpu_ns() { # CPU time of every corosync thread so far
  cat /proc/"$corosync_pid"/task/*/schedstat | awk '{s += $1} END {printf "%.0f", s}'  # %d would clamp at 2^31 in mawk
}
now_ns() { date +%s%N; }

tmp=$(mktemp -d)
for name in "${ORDER[@]}"; do
  await_up "${URL[$name]}"
  for _ in $(seq $WARMUP); do scrape "${URL[$name]}" >/dev/null; done
done
# corosync's own rate with nobody scraping: taken before and after, averaged.
idle_rate() { # ns of corosync CPU per ns of wall time
  local c0 t0 c1 t1
  c0=$(corosync_cpu_ns); t0=$(now_ns); sleep $IDLE_SECONDS; c1=$(corosync_cpu_ns); t1=$(now_ns)
  awk -v c=$((c1 - c0)) -v t=$((t1 - t0)) 'BEGIN {printf "%.9f", c / t}'
}
idle_before=$(idle_rate)
for _ in $(seq "$ROUNDS"); do
  for name in "${ORDER[@]}"; do
    c0=$(corosync_cpu_ns); t0=$(now_ns)
    for _ in $(seq "$BLOCK"); do scrape "${URL[$name]}" >> "$tmp/$name"; done
    c1=$(corosync_cpu_ns); t1=$(now_ns)
    echo "$((c1 - c0)) $((t1 - t0))" >> "$tmp/$name.cpu"
  done
done
idle_after=$(idle_rate)
idle=$(awk -v a="$idle_before" -v b="$idle_after" 'BEGIN {printf "%.9f", (a + b) / 2}')

cpu_per_scrape() { # NAME: corosync ms per scrape, idle subtracted
  awk -v idle="$idle" -v n=$((ROUNDS * BLOCK)) '{c += $1; t += $2} END {printf "%.3f", (c - idle * t) / n / 1e6}' "$tmp/$1.cpu"
}
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$(cat "/tmp/corosync-lab/node1/$1.pid")/status"; }
series() { curl -s "$1" | grep -vc '^#'; }
declare -A MED CPU
for name in "${ORDER[@]}"; do
  MED[$name]=$(quantile "$tmp/$name" 0.5)
  CPU[$name]=$(cpu_per_scrape "$name")
done
label() {
  case $1 in
    native) echo "corosync-exporter, connections kept open (--collector.{quorum,links}.source=native)" ;;
    tools) echo "corosync-exporter, tool path (default)" ;;
    *) echo "ha_cluster_exporter $(dpkg-query -W -f '${Version}' prometheus-hacluster-exporter)" ;;
  esac
}
echo "corosync $(dpkg-query -W -f '${Version}' corosync), lab: 2 nodes + QDevice, 2 links; $ROUNDS rounds of $BLOCK scrapes each, alternating blocks, after $WARMUP warm-up"
awk -v i="$idle" 'BEGIN {printf "corosync idle: %.2f ms CPU per second (subtracted)\n", i * 1000}'
echo
echo "| exporter | median ms | p90 ms | corosync CPU ms/scrape | series | RSS MiB |"
echo "|---|---|---|---|---|---|"
for name in "${ORDER[@]}"; do
  echo "| $(label "$name") | ${MED[$name]} | $(quantile "$tmp/$name" 0.9) | ${CPU[$name]} | $(series "${URL[$name]}") | $(rss "${PIDFILE[$name]}") |"
done
echo
awk -v a="${MED[native]}" -v b="${MED[ha_cluster_exporter]}" -v c="${CPU[native]}" -v d="${CPU[ha_cluster_exporter]}" \
  'BEGIN {printf "connection path / ha_cluster_exporter: median %.3f (target <= 0.2), corosync CPU %.3f (target <= 0.1)\n", a/b, c/d}'
awk -v a="${MED[tools]}" -v b="${MED[ha_cluster_exporter]}" -v c="${CPU[tools]}" -v d="${CPU[ha_cluster_exporter]}" \
  'BEGIN {printf "tool path / ha_cluster_exporter: median %.3f, corosync CPU %.3f\n", a/b, c/d}'
rm -rf "$tmp"
