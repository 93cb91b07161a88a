#!/usr/bin/env bash
# What a scrape costs: corosync-exporter as the package runs it (default flags, packaging/jvm.options,
# the systemd unit's Environment=) against Debian's prometheus-hacluster-exporter
# (ha_cluster_exporter) on the same lab node: scrape latency; corosync's own CPU time per scrape
# (every thread of the corosync process, from /proc/<corosync>/task/*/schedstat in ns; the same
# utime+stime as /proc/<pid>/stat without its 10 ms ticks), corosync's idle rate subtracted; the
# processes each exporter starts per scrape; resident memory after RSS_AFTER scrapes.
# Exporters are scraped in alternating blocks of BLOCK scrapes, so drift hits both alike.
# Not a test: it prints a table. Needs root, strace and a built jar (scripts/demo.sh or mvn package).
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
RSS_AFTER=1000
command -v ha_cluster_exporter >/dev/null || { echo "benchmark: apt-get install prometheus-hacluster-exporter" >&2; exit 1; }
command -v strace >/dev/null || { echo "benchmark: apt-get install strace" >&2; exit 1; }
# The unit's environment (MALLOC_ARENA_MAX), as systemd gives it to the exporter.
mapfile -t UNIT_ENV < <(sed -n 's/^Environment=//p' packaging/deb/prometheus-corosync-exporter.service)
lab_up --nodes 2 --qdevice --links 2
LAB_STATE=${LAB_DIR:-/tmp/corosync-lab}
addr=$($LAB addr node1)
$LAB spawn node1 exporter -- env "${UNIT_ENV[@]}" "$JAVA" "$JVM_OPTS" -jar "$JAR" \
  --web.listen-address="$addr:9679" >/dev/null
$LAB spawn node1 hacluster -- "$(command -v ha_cluster_exporter)" --web.listen-address="$addr:9664" >/dev/null

declare -A URL=([corosync-exporter]="http://$addr:9679/metrics" [ha_cluster_exporter]="http://$addr:9664/metrics")
declare -A PIDFILE=([corosync-exporter]=exporter [ha_cluster_exporter]=hacluster)
ORDER=(corosync-exporter ha_cluster_exporter)
corosync_pid=$(cat "$LAB_STATE/node1/corosync.pid")
pid_of() { cat "$LAB_STATE/node1/${PIDFILE[$1]}.pid"; }

corosync_cpu_ns() { # CPU time of every corosync thread so far
  cat /proc/"$corosync_pid"/task/*/schedstat | awk '{s += $1} END {printf "%.0f", s}'  # %d would clamp at 2^31 in mawk
}
now_ns() { date +%s%N; }

tmp=$(mktemp -d)
declare -A SCRAPES
for name in "${ORDER[@]}"; do
  await_up "${URL[$name]}"
  for _ in $(seq $WARMUP); do scrape "${URL[$name]}" >/dev/null; done
  SCRAPES[$name]=$WARMUP
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
    SCRAPES[$name]=$((SCRAPES[$name] + BLOCK))
  done
done
idle_after=$(idle_rate)
idle=$(awk -v a="$idle_before" -v b="$idle_after" 'BEGIN {printf "%.9f", (a + b) / 2}')

# Processes started, counted from outside: strace -f attached to every thread of the exporter sees
# each fork, vfork and clone, and a clone without CLONE_THREAD is a new process (a thread is not).
# It counts what the exporter's own counters could miss (a child of a child, a helper such as
# jspawnhelper). Traced apart from the timed blocks, since ptrace slows every system call: one
# block of scrapes, then the same time without scrapes, whose processes are not the scrapes'.
started() { # FILE: processes started in an strace log
  grep -E '^[0-9]+ +(fork|vfork|clone|clone3)\(' "$1" | grep -v resumed | grep -vc CLONE_THREAD || true
}
traced() { # NAME SECONDS|scrape OUT: strace the exporter while it scrapes a block, or idles
  local pid sp
  pid=$(pid_of "$1")
  strace -f -q -e trace=fork,vfork,clone,clone3 -e signal=none -o "$3" -p "$pid" &
  sp=$!
  sleep 1  # attached to every thread before the first scrape
  if [ "$2" = scrape ]; then
    for _ in $(seq "$BLOCK"); do scrape "${URL[$1]}" > /dev/null; done
  else
    sleep "$2"
  fi
  kill -INT "$sp"
  wait "$sp" || true
}
declare -A PROCS IDLE_PROCS
for name in "${ORDER[@]}"; do
  t0=$(now_ns)
  traced "$name" scrape "$tmp/$name.strace"
  seconds=$(( ($(now_ns) - t0) / 1000000000 ))
  traced "$name" "$seconds" "$tmp/$name.idle.strace"
  SCRAPES[$name]=$((SCRAPES[$name] + BLOCK))
  PROCS[$name]=$(awk -v n="$(started "$tmp/$name.strace")" -v b="$BLOCK" 'BEGIN {printf "%.2f", n / b}')
  IDLE_PROCS[$name]=$(started "$tmp/$name.idle.strace")
done

# Resident memory once each exporter has answered RSS_AFTER scrapes (VmRSS: anonymous, file and
# shared memory pages alike, as top and systemd count them).
declare -A RSS
for name in "${ORDER[@]}"; do
  while [ "${SCRAPES[$name]}" -lt $RSS_AFTER ]; do
    scrape "${URL[$name]}" > /dev/null
    SCRAPES[$name]=$((SCRAPES[$name] + 1))
  done
  RSS[$name]=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$(pid_of "$name")/status")
done

cpu_per_scrape() { # NAME: corosync ms per scrape, idle subtracted
  awk -v idle="$idle" -v n=$((ROUNDS * BLOCK)) '{c += $1; t += $2} END {printf "%.3f", (c - idle * t) / n / 1e6}' "$tmp/$1.cpu"
}
series() { curl -s "$1" | grep -vc '^#'; }
declare -A MED CPU
for name in "${ORDER[@]}"; do
  MED[$name]=$(quantile "$tmp/$name" 0.5)
  CPU[$name]=$(cpu_per_scrape "$name")
done
label() {
  case $1 in
    corosync-exporter) echo "corosync-exporter (default flags)" ;;
    *) echo "ha_cluster_exporter $(dpkg-query -W -f '${Version}' prometheus-hacluster-exporter)" ;;
  esac
}
echo "corosync $(dpkg-query -W -f '${Version}' corosync), lab: 2 nodes + QDevice, 2 links; $ROUNDS rounds of $BLOCK scrapes each, alternating blocks, after $WARMUP warm-up"
awk -v i="$idle" 'BEGIN {printf "corosync idle: %.2f ms CPU per second (subtracted)\n", i * 1000}'
echo "corosync-exporter: packaging/jvm.options, ${UNIT_ENV[*]:-no environment}"
echo
echo "| exporter | median ms | p90 ms | corosync CPU ms/scrape | processes started per scrape (idle: in the same time) | series | RSS MiB after $RSS_AFTER scrapes |"
echo "|---|---|---|---|---|---|---|"
for name in "${ORDER[@]}"; do
  echo "| $(label "$name") | ${MED[$name]} | $(quantile "$tmp/$name" 0.9) | ${CPU[$name]} | ${PROCS[$name]} (${IDLE_PROCS[$name]}) | $(series "${URL[$name]}") | ${RSS[$name]} |"
done
echo
a=corosync-exporter b=ha_cluster_exporter
awk -v a="${MED[$a]}" -v b="${MED[$b]}" -v c="${CPU[$a]}" -v d="${CPU[$b]}" \
  'BEGIN {printf "corosync-exporter / ha_cluster_exporter: median %.3f (target <= 0.2), corosync CPU %.3f (target <= 0.1)\n", a/b, c/d}'
echo "corosync-exporter: ${PROCS[$a]} processes started per scrape (target 0), RSS ${RSS[$a]} MiB (target <= 64)"
rm -rf "$tmp"
