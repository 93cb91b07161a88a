# Sourced by the benchmark scripts: what they share to start the lab, warm up, scrape and count.
# Not a test: the scripts print tables for docs/performance.md.

bench_init() { # NAME: go to the repository, check root and the jar, set JAR, JAVA, JVM_OPTS, LAB
  BENCH=$1
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  [ "$(id -u)" = 0 ] || { echo "$BENCH: needs root (network namespaces)" >&2; exit 1; }
  JAR="$PWD/exporter/target/corosync-exporter.jar"
  [ -f "$JAR" ] || { echo "$BENCH: build first (mvn -B package -DskipTests)" >&2; exit 1; }
  JAVA=$(command -v java)
  JVM_OPTS="@$PWD/packaging/jvm.options"
  LAB=lab/lab.sh
}

lab_up() { # lab.sh up options; the lab goes down when the script exits
  $LAB down >/dev/null 2>&1 || true
  $LAB up "$@" >/dev/null
  trap '$LAB down >/dev/null 2>&1 || true' EXIT
}

await_up() { # URL
  for _ in $(seq 150); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "$BENCH: $1 did not answer" >&2
  return 1
}

# Seconds until the last of the URLs has answered, all requested at the same moment by one curl.
scrape() { # URL...
  local outs=()
  for _ in "$@"; do outs+=(-o /dev/null); done
  curl -Z --parallel-immediate -s --no-progress-meter "${outs[@]}" -w '%{time_total}\n' "$@" | sort -n | tail -1
}

quantile() { # FILE Q: the Q quantile of a file of seconds, in ms
  sort -n "$1" | awk -v q="$2" '{a[NR]=$1} END {i=int(NR*q); if (i<1) i=1; printf "%.1f", a[i]*1000}'
}

busy_ms() { # CPU time spent by the whole machine so far (all cores, every process and the kernel)
  awk -v hz="$(getconf CLK_TCK)" '/^cpu / {printf "%d", ($2+$3+$4+$7+$8+$9)*1000/hz}' /proc/stat
}
