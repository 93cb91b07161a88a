#!/usr/bin/env bash
# Scrape latency of corosync-exporter against Debian's prometheus-hacluster-exporter
# (ha_cluster_exporter) on the same lab node, scraped alternately, plus resident memory.
# Not a test: it prints a table. Needs root and a built jar (scripts/demo.sh or mvn package).
#
#   scripts/benchmark.sh [ROUNDS]      (as root; default 300 scrapes of each, after 50 warm-up scrapes)
set -euo pipefail
source "$(dirname "$0")/lib-bench.sh"
bench_init benchmark
ROUNDS=${1:-300}
WARMUP=50
command -v ha_cluster_exporter >/dev/null || { echo "benchmark: apt-get install prometheus-hacluster-exporter" >&2; exit 1; }
lab_up --nodes 2 --qdevice --links 2
addr=$($LAB addr node1)
$LAB spawn node1 exporter -- "$JAVA" "$JVM_OPTS" -jar "$JAR" --web.listen-address="$addr:9679" >/dev/null
$LAB spawn node1 exporter-nowatch -- "$JAVA" "$JVM_OPTS" -jar "$JAR" --web.listen-address="$addr:9680" --no-collector.config.watch >/dev/null
$LAB spawn node1 hacluster -- "$(command -v ha_cluster_exporter)" --web.listen-address="$addr:9664" >/dev/null

declare -A URL=([ours]="http://$addr:9679/metrics" [ours-nowatch]="http://$addr:9680/metrics" [ha_cluster_exporter]="http://$addr:9664/metrics")
ORDER=(ours ours-nowatch ha_cluster_exporter)
tmp=$(mktemp -d)
for name in "${ORDER[@]}"; do
  await_up "${URL[$name]}"
  for _ in $(seq $WARMUP); do scrape "${URL[$name]}" >/dev/null; done
done
for _ in $(seq "$ROUNDS"); do
  for name in "${ORDER[@]}"; do scrape "${URL[$name]}" >> "$tmp/$name"; done
done
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$(cat "/tmp/corosync-lab/node1/$1.pid")/status"; }
series() { curl -s "$1" | grep -vc '^#'; }
ours_med=$(quantile "$tmp/ours" 0.5)
ha_med=$(quantile "$tmp/ha_cluster_exporter" 0.5)
echo "corosync $(dpkg-query -W -f '${Version}' corosync), lab: 2 nodes + QDevice, 2 links; $ROUNDS scrapes each, alternating, after $WARMUP warm-up"
echo
echo "| exporter | median ms | p90 ms | series | RSS MiB |"
echo "|---|---|---|---|---|"
echo "| corosync-exporter | $ours_med | $(quantile "$tmp/ours" 0.9) | $(series "${URL[ours]}") | $(rss exporter) |"
echo "| corosync-exporter --no-collector.config.watch | $(quantile "$tmp/ours-nowatch" 0.5) | $(quantile "$tmp/ours-nowatch" 0.9) | $(series "${URL[ours-nowatch]}") | $(rss exporter-nowatch) |"
echo "| ha_cluster_exporter $(dpkg-query -W -f '${Version}' prometheus-hacluster-exporter) | $ha_med | $(quantile "$tmp/ha_cluster_exporter" 0.9) | $(series "${URL[ha_cluster_exporter]}") | $(rss hacluster) |"
echo
awk -v a="$ours_med" -v b="$ha_med" 'BEGIN {printf "median ratio corosync-exporter / ha_cluster_exporter: %.2f\n", a/b}'
rm -rf "$tmp"
