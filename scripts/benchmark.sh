#!/usr/bin/env bash
# Scrape latency of corosync-exporter against Debian's prometheus-hacluster-exporter
# (ha_cluster_exporter) on the same lab node, scraped alternately, plus resident memory.
# Not a test: it prints a table. Needs root and a built jar (scripts/demo.sh or mvn package).
#
#   sudo scripts/benchmark.sh [ROUNDS]      (default 300 scrapes of each, after 50 warm-up scrapes)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-300}
WARMUP=50
jar="$PWD/exporter/target/corosync-exporter.jar"
[ -f "$jar" ] || { echo "benchmark: build first (mvn -B package -DskipTests)" >&2; exit 1; }
command -v ha_cluster_exporter >/dev/null || { echo "benchmark: apt-get install prometheus-hacluster-exporter" >&2; exit 1; }
LAB=lab/lab.sh
$LAB down >/dev/null 2>&1 || true
$LAB up --nodes 2 --qdevice --links 2 >/dev/null
trap '$LAB down >/dev/null 2>&1 || true' EXIT
addr=$($LAB addr node1)
java=$(command -v java)
$LAB spawn node1 exporter -- "$java" @"$PWD/packaging/jvm.options" -jar "$jar" --web.listen-address="$addr:9679" >/dev/null
$LAB spawn node1 exporter-nowatch -- "$java" @"$PWD/packaging/jvm.options" -jar "$jar" --web.listen-address="$addr:9680" --no-collector.config.watch >/dev/null
$LAB spawn node1 hacluster -- "$(command -v ha_cluster_exporter)" --web.listen-address="$addr:9664" >/dev/null

declare -A URL=([ours]="http://$addr:9679/metrics" [ours-nowatch]="http://$addr:9680/metrics" [ha_cluster_exporter]="http://$addr:9664/metrics")
ORDER=(ours ours-nowatch ha_cluster_exporter)
for name in "${ORDER[@]}"; do
  for _ in $(seq 150); do curl -sf -o /dev/null "${URL[$name]}" && break; sleep 0.2; done
done
tmp=$(mktemp -d)
for name in "${ORDER[@]}"; do
  for _ in $(seq $WARMUP); do curl -s -o /dev/null "${URL[$name]}"; done
done
for _ in $(seq "$ROUNDS"); do
  for name in "${ORDER[@]}"; do
    curl -s -o /dev/null -w '%{time_total}\n' "${URL[$name]}" >> "$tmp/$name"
  done
done
quantile() { sort -n "$1" | awk -v q="$2" '{a[NR]=$1} END {i=int(NR*q); if (i<1) i=1; printf "%.1f", a[i]*1000}'; }
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
