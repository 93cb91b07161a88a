#!/usr/bin/env bash
# Central mode on the lab (3 nodes, 2 links, a monitoring host): the warm scrape latency and CPU cost
# of a whole cluster over SSH, for 1 to 3 nodes, against local exporters on the same nodes. Prints a
# table. Needs root and a built jar.
#
#   scripts/benchmark-central.sh [--pmxcfs] [ROUNDS] [CPU_SCRAPES]
#       (as root; default 200 rounds after 50 warm-up scrapes, then 50 scrapes of each for CPU)
#   --pmxcfs  the lab's real pmxcfs on every node (lab.sh up --pmxcfs), with the HA stand-ins'
#             files (every node's lrm_status, a manager_status): the pve collector reads a real
#             /etc/pve on every node, locally and over SSH. Without it the nodes have no /etc/pve.
#
# The pve collector is on (central mode's default; locally it runs where /etc/pve is pmxcfs's
# mount), and one more row shows the same 3-node central scrape without it.
# The local exporters run with the tool sources pinned (LOCAL_FLAGS), the defaults of the releases
# this table was first measured with, so that a change of local mode's defaults does not move the
# baseline the central rows are compared with.
#
# Every lab host shares this machine's cores, so a scrape of N nodes costs N nodes' work on the same
# CPUs wherever it comes from. Two baselines tell the SSH cost apart from that: the local exporter of
# node1 alone, and the local exporters of the same N nodes scraped at the same moment.
set -euo pipefail
source "$(dirname "$0")/lib-bench.sh"
bench_init benchmark-central
PMXCFS=()
if [ "${1:-}" = --pmxcfs ]; then PMXCFS=(--pmxcfs); shift; fi
ROUNDS=${1:-200}
CPU_SCRAPES=${2:-50}
WARMUP=${WARMUP:-50} # warm-up scrapes of each kind (environment)
LOCAL_FLAGS=(--collector.quorum.source=quorumtool --collector.links.source=stats)
lab_up --nodes 3 --links 2 --monitor "${PMXCFS[@]}"
dir=${LAB_DIR:-/tmp/corosync-lab}
if [ ${#PMXCFS[@]} -gt 0 ]; then
  for h in node1 node2 node3; do $LAB ha-standin "$h" lrm active active >/dev/null; done
  $LAB ha-standin node1 manager node1=online node2=online node3=online >/dev/null
fi
mon=$($LAB addr monitor)
declare -A ADDR
for h in node1 node2 node3; do
  $LAB start "$h" sshd
  ADDR[$h]=$($LAB addr "$h")
  $LAB spawn "$h" exporter -- "$JAVA" "$JVM_OPTS" -jar "$JAR" --web.listen-address="${ADDR[$h]}:9679" \
    "${LOCAL_FLAGS[@]}" >/dev/null
done
declare -A URLS
for n in 1 2 3; do
  nodes=$(for i in $(seq 1 "$n"); do printf '%s%s' "$([ "$i" -gt 1 ] && echo ', ')" "${ADDR[node$i]}"; done)
  printf '%s\n' "ssh:" "  user: root" "  private_key_file: $dir/ssh/id_ed25519" "  known_hosts_file: $dir/ssh/known_hosts" \
    "clusters:" "  - name: lab" "    nodes: [$nodes]" > "$dir/central-$n.yml"
  $LAB spawn monitor "central$n" -- "$JAVA" "$JVM_OPTS" -jar "$JAR" --web.listen-address="$mon:$((9700 + n))" \
    --config.file="$dir/central-$n.yml" >/dev/null
  URLS[central$n]="http://$mon:$((9700 + n))/metrics"
  URLS[local$n]=$(for i in $(seq 1 "$n"); do printf 'http://%s:9679/metrics ' "${ADDR[node$i]}"; done)
done
# What the configuration watcher saves: the same 3 nodes, the configuration queried at every scrape.
$LAB spawn monitor central3-nowatch -- "$JAVA" "$JVM_OPTS" -jar "$JAR" --web.listen-address="$mon:9704" \
  --config.file="$dir/central-3.yml" --no-collector.config.watch >/dev/null
URLS[central3-nowatch]="http://$mon:9704/metrics"
# What the pve collector costs: the same 3 nodes without it.
$LAB spawn monitor central3-nopve -- "$JAVA" "$JVM_OPTS" -jar "$JAR" --web.listen-address="$mon:9705" \
  --config.file="$dir/central-3.yml" --no-collector.pve >/dev/null
URLS[central3-nopve]="http://$mon:9705/metrics"
ORDER=(local1 local2 local3 central1 central2 central3 central3-nowatch central3-nopve)
for name in "${ORDER[@]}"; do
  for url in ${URLS[$name]}; do await_up "$url"; done
  for _ in $(seq $WARMUP); do scrape ${URLS[$name]} >/dev/null; done
done

tmp=$(mktemp -d)
for _ in $(seq "$ROUNDS"); do
  for name in "${ORDER[@]}"; do scrape ${URLS[$name]} >> "$tmp/$name"; done
done
# CPU: the whole machine's busy time over a run of one kind of scrape, less what it spends idle.
idle_start=$(busy_ms); t0=$(date +%s%N); sleep 5; idle_rate=$(( ($(busy_ms) - idle_start) * 1000000000 / ($(date +%s%N) - t0) ))
declare -A CPU
for name in "${ORDER[@]}"; do
  b0=$(busy_ms); t0=$(date +%s%N)
  for _ in $(seq "$CPU_SCRAPES"); do scrape ${URLS[$name]} >/dev/null; done
  ns=$(( $(date +%s%N) - t0 ))
  CPU[$name]=$(awk -v b="$(( $(busy_ms) - b0 ))" -v idle="$idle_rate" -v ns="$ns" -v n="$CPU_SCRAPES" \
    'BEGIN {printf "%.0f", (b - idle * ns / 1e9) / n}')
done
up() { curl -s "$1" | grep -c '^corosync_exporter_target_up.* 1\(\.0\)\?$' || true; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
one=$(quantile "$tmp/local1" 0.5)
echo "corosync $(dpkg-query -W -f '${Version}' corosync), OpenSSH $(dpkg-query -W -f '${Version}' openssh-server), $(nproc) cores;" \
  "lab: 3 nodes, 2 links, $([ ${#PMXCFS[@]} -gt 0 ] && echo "pmxcfs and the HA stand-ins' files on every node" || echo "no /etc/pve"), exporters with packaging/jvm.options (local: ${LOCAL_FLAGS[*]}); $ROUNDS rounds of every scrape, alternating, after $WARMUP warm-up;" \
  "CPU: the machine's busy time over $CPU_SCRAPES scrapes, less its idle rate"
echo
echo "| scrape | nodes | median ms | p90 ms | CPU ms per scrape | median / local on node1 | median / local on the same nodes |"
echo "|---|---|---|---|---|---|---|"
for n in 1 2 3; do
  med=$(quantile "$tmp/local$n" 0.5)
  echo "| local exporters, scraped at once | $n | $med | $(quantile "$tmp/local$n" 0.9) | ${CPU[local$n]} | $(ratio "$med" "$one") | 1.00 |"
done
for n in 1 2 3; do
  med=$(quantile "$tmp/central$n" 0.5)
  echo "| central, over SSH | $n ($(up "${URLS[central$n]}") up) | $med | $(quantile "$tmp/central$n" 0.9) | ${CPU[central$n]} | $(ratio "$med" "$one") | $(ratio "$med" "$(quantile "$tmp/local$n" 0.5)") |"
done
med=$(quantile "$tmp/central3-nowatch" 0.5)
echo "| central, over SSH, \`--no-collector.config.watch\` | 3 ($(up "${URLS[central3-nowatch]}") up) | $med | $(quantile "$tmp/central3-nowatch" 0.9) | ${CPU[central3-nowatch]} | $(ratio "$med" "$one") | $(ratio "$med" "$(quantile "$tmp/local3" 0.5)") |"
med=$(quantile "$tmp/central3-nopve" 0.5)
echo "| central, over SSH, \`--no-collector.pve\` | 3 ($(up "${URLS[central3-nopve]}") up) | $med | $(quantile "$tmp/central3-nopve" 0.9) | ${CPU[central3-nopve]} | $(ratio "$med" "$one") | $(ratio "$med" "$(quantile "$tmp/local3" 0.5)") |"
# The pve collector's own word on every node of the 3-node central scrape: read and understood?
curl -s "${URLS[central3]}" | grep -E '^corosync_(exporter_collector_success\{.*collector="pve"|pve_read_success)' | sed 's/^/    /' || true
rm -rf "$tmp"
