#!/usr/bin/env bash
# The product on its default: a real two-node corosync cluster with a QDevice and two knet links
# (lab/lab.sh), an exporter on each node and one on the QNetd host. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "demo: needs root (network namespaces); run: sudo $0" >&2; exit 1; }
scripts/install-deps.sh
mvn -B -ntp -q package -DskipTests -Dlab.skip=true -Dbuild.revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
jar="$PWD/exporter/target/corosync-exporter.jar"
lab/lab.sh down >/dev/null 2>&1 || true
lab/lab.sh up --nodes 2 --qdevice --links 2
java=$(command -v java)
for host in node1 node2; do
  lab/lab.sh spawn "$host" exporter -- "$java" @"$PWD/packaging/jvm.options" -jar "$jar" --web.listen-address="$(lab/lab.sh addr "$host"):9679" >/dev/null
done
lab/lab.sh spawn qnetd exporter -- "$java" @"$PWD/packaging/jvm.options" -jar "$jar" --web.listen-address="$(lab/lab.sh addr qnetd):9679" \
  >/dev/null
for host in node1 node2 qnetd; do
  url="http://$(lab/lab.sh addr "$host"):9679/metrics"
  for _ in $(seq 100); do curl -sf -o /dev/null "$url" && break; sleep 0.2; done
  echo "demo: $host exporter: $url"
done
cat <<MSG
demo: try a fault and scrape again:
  lab/lab.sh cut node2 1        # lose node2's second link
  lab/lab.sh cut node2          # isolate node2 (it blocks, node1 keeps quorum with the QDevice)
  lab/lab.sh heal node2
  lab/lab.sh stop qnetd qnetd   # QDevice loses its vote
  curl -s http://$(lab/lab.sh addr node1):9679/metrics | grep -v '^#'
demo: stop everything with: lab/lab.sh down
MSG
