#!/usr/bin/env bash
# Central mode on the lab: warm scrape latency of a whole 3-node cluster over SSH against the same
# scrape done locally on one node, and how it grows from 1 to 3 nodes. Prints a table. Needs root
# and a built jar.
#
#   sudo scripts/benchmark-central.sh [ROUNDS]     (default 200 scrapes each, after 50 warm-up scrapes)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-200}
WARMUP=50
jar="$PWD/exporter/target/corosync-exporter.jar"
[ -f "$jar" ] || { echo "benchmark-central: build first (mvn -B package -DskipTests)" >&2; exit 1; }
LAB=lab/lab.sh
$LAB down >/dev/null 2>&1 || true
$LAB up --nodes 3 --links 2 --monitor >/dev/null
trap '$LAB down >/dev/null 2>&1 || true' EXIT
for h in node1 node2 node3; do $LAB start "$h" sshd; done
dir=/tmp/corosync-lab
java=$(command -v java)
mon=$($LAB addr monitor)
config() { # n
  {
    echo "ssh:"
    echo "  user: root"
    echo "  private_key_file: $dir/ssh/id_ed25519"
    echo "  known_hosts_file: $dir/ssh/known_hosts"
    echo "clusters:"
    echo "  - name: lab"
    printf '    nodes: ['
    for i in $(seq 1 "$1"); do printf '%s%s' "$([ "$i" -gt 1 ] && echo ', ')" "$($LAB addr "node$i")"; done
    echo "]"
  } > "$dir/central-$1.yml"
}
declare -A URL
for n in 1 2 3; do
  config "$n"
  $LAB spawn monitor "central$n" -- "$java" -jar "$jar" --web.listen-address="$mon:$((9700 + n))" --config.file="$dir/central-$n.yml" >/dev/null
  URL[central$n]="http://$mon:$((9700 + n))/metrics"
done
$LAB spawn node1 local -- "$java" @"$PWD/packaging/jvm.options" -jar "$jar" --web.listen-address="$($LAB addr node1):9679" >/dev/null
URL[local]="http://$($LAB addr node1):9679/metrics"
ORDER=(local central1 central2 central3)
for name in "${ORDER[@]}"; do
  for _ in $(seq 150); do curl -sf -o /dev/null "${URL[$name]}" && break; sleep 0.2; done
  for _ in $(seq $WARMUP); do curl -s -o /dev/null "${URL[$name]}"; done
done
tmp=$(mktemp -d)
for _ in $(seq "$ROUNDS"); do
  for name in "${ORDER[@]}"; do curl -s -o /dev/null -w '%{time_total}\n' "${URL[$name]}" >> "$tmp/$name"; done
done
quantile() { sort -n "$1" | awk -v q="$2" '{a[NR]=$1} END {i=int(NR*q); if (i<1) i=1; printf "%.1f", a[i]*1000}'; }
up() { curl -s "$1" | grep -c '^corosync_exporter_target_up.* 1\.0$' || true; }
local_med=$(quantile "$tmp/local" 0.5)
echo "lab: 3 nodes, 2 links; central exporter on a monitoring host over SSH (sessions kept open); $ROUNDS scrapes each, alternating, after $WARMUP warm-up"
echo
echo "| scrape | nodes | median ms | p90 ms | ratio to local |"
echo "|---|---|---|---|---|"
echo "| local, on node1 | 1 | $local_med | $(quantile "$tmp/local" 0.9) | 1.00 |"
for n in 1 2 3; do
  med=$(quantile "$tmp/central$n" 0.5)
  echo "| central over SSH | $n ($(up "${URL[central$n]}") up) | $med | $(quantile "$tmp/central$n" 0.9) | $(awk -v a="$med" -v b="$local_med" 'BEGIN {printf "%.2f", a/b}') |"
done
rm -rf "$tmp"
