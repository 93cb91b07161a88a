#!/usr/bin/env bash
# Records what the real corosync tools print in each lab scenario, for the
# parser tests. Every fixture is three files: NAME.out (stdout, byte-exact),
# NAME.err (stderr) and NAME.rc (exit code). FIXTURES.md lists the argv.
#
#   sudo lab/record-fixtures.sh [--only pve] [OUTPUT_DIR]
#
# --only pve records just the Proxmox VE files (pmxcfs's /etc/pve, ../shared/pmxcfs needed)
# and replaces only their lines in FIXTURES.md.
# It brings labs up and down itself, so no lab may be running.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
LAB="$here/lab.sh"
only=""
if [ "${1:-}" = --only ]; then only=${2:?usage: record-fixtures.sh [--only pve] [OUTPUT_DIR]}; shift 2; fi
OUT=${1:-"$here/../exporter/src/test/resources/fixtures"}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
index="$OUT/FIXTURES.md"

if [ -z "$only" ]; then {
  echo "# Recorded fixtures"
  echo
  echo "Made by \`lab/record-fixtures.sh\` on $(date -u +%Y-%m-%d) from Debian packages"
  echo "corosync $(dpkg-query -W -f '${Version}' corosync), corosync-qdevice $(dpkg-query -W -f '${Version}' corosync-qdevice),"
  echo "corosync-qnetd $(dpkg-query -W -f '${Version}' corosync-qnetd). Each fixture is NAME.out (stdout), NAME.err (stderr), NAME.rc (exit code)."
  echo
  echo "| fixture | host | argv | state |"
  echo "|---|---|---|---|"
} > "$index"; fi

STATE=""
rec() { # name host argv...
  local name=$1 host=$2; shift 2
  local rc=0
  "$LAB" exec "$host" -- "$@" > "$OUT/$name.out" 2> "$OUT/$name.err" || rc=$?
  echo "$rc" > "$OUT/$name.rc"
  echo "| $name | $host | \`$*\` | $STATE |" >> "$index"
}

# Waits until the output of argv on host matches an extended regex.
wait_for() { # seconds regex host argv...
  local secs=$1 re=$2 host=$3; shift 3
  for _ in $(seq $((secs * 4))); do
    # Not a pipeline: quorumtool exits 2 when not quorate, and pipefail would
    # turn that into "no match".
    local out; out=$("$LAB" exec "$host" -- "$@" 2>/dev/null || true)
    if grep -qE -- "$re" <<<"$out"; then return 0; fi
    sleep 0.25
  done
  echo "record: timed out waiting for /$re/ from $* on $host" >&2
  return 1
}

CONFIG_KEYS=(totem.cluster_name totem.config_version totem.interface. nodelist.node. quorum. runtime.votequorum.this_node_id)
# The exporter's configuration query (CmapConfigSource.PREFIXES), with the timeouts in force.
CONFIG_QUERY=(totem.cluster_name totem.config_version nodelist.node. quorum.device.model quorum.device.votes
  runtime.votequorum.this_node_id runtime.config.totem.token runtime.config.totem.consensus runtime.config.totem.interface.)
LAB_DIR=${LAB_DIR:-/tmp/corosync-lab}

# The links collector's stats query (prefix mode, no -g) as a node sends it: for every peer and
# link the 14 exact per-link keys, the 6 srp keys, then the stats.schedmiss. prefix.
#   stats_query LINKS PEER_ID...   (prints one argument per line)
stats_query() {
  local links=$1 n l k; shift
  for n in "$@"; do for ((l = 0; l < links; l++)); do
    for k in enabled connected mtu latency_ave latency_samples down_count tx_ping_packets \
        rx_pong_packets rx_total_retries tx_total_errors tx_data_packets rx_data_packets \
        tx_data_bytes rx_data_bytes; do
      echo "stats.knet.node$n.link$l.$k"
    done
  done; done
  for k in mcast_retx operational_token_lost consensus_timeouts gather_entered continuous_gather \
      firewall_enabled_or_nic_failure; do
    echo "stats.srp.$k"
  done
  echo stats.schedmiss.
}
mapfile -t STATS_2N_2L < <(stats_query 2 2)
mapfile -t STATS_2N_1L < <(stats_query 1 2)
mapfile -t STATS_3N_N1 < <(stats_query 2 2 3)
mapfile -t STATS_3N_N2 < <(stats_query 2 1 3)
KNET_KEYS_N2=()
for l in 0 1; do for k in enabled connected mtu latency_ave latency_samples down_count up_count tx_total_errors; do
  KNET_KEYS_N2+=("stats.knet.node2.link$l.$k")
done; done

"$LAB" down >/dev/null 2>&1 || true

# --- 2 nodes + QDevice, 2 links, pmxcfs on both nodes ----------------------------
# pmxcfs, corosync and qnetd are real; the HA files are written by the lab's stand-ins for
# pve-ha-lrm / the CRM (lab.sh ha-standin) in the upstream formats, through pmxcfs, and the
# watchdog flag by lab.sh watchdog (watchdog-mux never runs here).
record_pve() {
  local pve_line='pmxcfs (pve-cluster 8.1.3, ../shared/pmxcfs)'
  # The section is always the last of the index: replaced, the rest kept.
  sed -i '/^## Proxmox VE fixtures/,$d' "$index"
  {
    echo "## Proxmox VE fixtures"
    echo
    echo "Recorded from $pve_line on the lab; pmxcfs, corosync and qnetd are real. The HA files"
    echo "(lrm_status, manager_status) were written by the lab's stand-ins for pve-ha-lrm / the CRM"
    echo "(lab.sh ha-standin, upstream formats, through pmxcfs) and /run/watchdog-mux.active by"
    echo "lab.sh watchdog (watchdog-mux never runs here). What the lab cannot produce (PVE 9's"
    echo "LRM mode disarm, a fenced node, the disarm object, a node without a cluster) is hand-written"
    echo "in older/pve-* (see older/README.md)."
    echo
    echo "| fixture | host | argv | state |"
    echo "|---|---|---|---|"
  } >> "$index"
  "$LAB" up --nodes 2 --qdevice --links 2 --pmxcfs
  STATE="2 nodes + qdevice, pmxcfs, healthy; LRMs active, node1 CRM master, node2 watchdog armed (stand-ins)"
  "$LAB" ha-standin node1 lrm active active
  "$LAB" ha-standin node2 lrm active active
  "$LAB" ha-standin node1 manager node1=online node2=online
  "$LAB" watchdog node2 on
  wait_for 10 'active' node2 cat /etc/pve/nodes/node1/lrm_status
  wait_for 10 'master_node' node2 cat /etc/pve/ha/manager_status
  rec pve-members-2n-healthy node1 /bin/cat /etc/pve/.members
  rec pve-lrm-status-active node2 /bin/cat /etc/pve/nodes/node1/lrm_status
  rec pve-lrm-status-node2 node1 /bin/cat /etc/pve/nodes/node2/lrm_status
  rec pve-manager-status-2n-healthy node2 /bin/cat /etc/pve/ha/manager_status
  rec pve-lrm-status-absent node1 /bin/cat /etc/pve/nodes/node3/lrm_status
  rec pve-mode-quorate node1 /usr/bin/stat -c %a /etc/pve/corosync.conf
  rec pve-watchdog-armed node2 /usr/bin/test -e /run/watchdog-mux.active
  rec pve-watchdog-not-armed node1 /usr/bin/test -e /run/watchdog-mux.active
  rec pve-etc-pve-dir node1 /usr/bin/test -d /etc/pve
  rec pve-members-no-pmxcfs qnetd /bin/cat /etc/pve/.members
  STATE="2 nodes + qdevice, pmxcfs, node2 isolated on all links (stand-in LRMs wrote before the cut)"
  "$LAB" cut node2
  wait_for 60 '"quorate": 0' node2 cat /etc/pve/.members
  wait_for 60 '"node2": \{ "id": 2, "online": 0' node1 cat /etc/pve/.members
  rec pve-members-isolated-node node2 /bin/cat /etc/pve/.members
  rec pve-members-isolated-survivor node1 /bin/cat /etc/pve/.members
  rec pve-mode-not-quorate node2 /usr/bin/stat -c %a /etc/pve/corosync.conf
  "$LAB" down
}
if [ "$only" = pve ]; then record_pve; echo "record: fixtures in $OUT"; exit 0; fi
[ -z "$only" ] || { echo "record: --only takes pve" >&2; exit 2; }

# --- 2 nodes + QDevice, 2 links ---------------------------------------------
"$LAB" up --nodes 2 --qdevice --links 2
STATE="2 nodes + qdevice, 2 links, healthy"
wait_for 30 'Connected since' node1 corosync-qdevice-tool -sv
rec quorumtool-p-2n-qd-healthy node1 corosync-quorumtool -p
rec quorumtool-s-2n-qd-healthy node1 corosync-quorumtool -s
rec quorumtool-siH-2n-qd-healthy node1 corosync-quorumtool -siH
rec quorumtool-l-2n-qd-healthy node1 corosync-quorumtool -l
rec cfgtool-s-2n-healthy node1 corosync-cfgtool -s
rec cfgtool-sb-2n-healthy node1 corosync-cfgtool -sb
rec cmapctl-config-2n-qd node1 corosync-cmapctl "${CONFIG_KEYS[@]}"
rec cmapctl-all-2n-qd node1 corosync-cmapctl
rec cmapctl-stats-knet-2n-healthy node1 corosync-cmapctl -m stats stats.knet.
rec cmapctl-stats-keys-2n-healthy node1 corosync-cmapctl -m stats -g "${KNET_KEYS_N2[@]}"
rec cmapctl-stats-query-2n-healthy node1 corosync-cmapctl -m stats "${STATS_2N_2L[@]}"
rec cmapctl-config-totem-2n-qd node1 corosync-cmapctl "${CONFIG_QUERY[@]}"
rec qdevice-tool-sv-connected node1 corosync-qdevice-tool -sv
rec qdevice-tool-s-connected node1 corosync-qdevice-tool -s
rec qnetd-tool-lv-2n-healthy qnetd corosync-qnetd-tool -lv
rec qnetd-tool-l-2n-healthy qnetd corosync-qnetd-tool -l
rec qnetd-tool-sv-2n-healthy qnetd corosync-qnetd-tool -sv

STATE="2 nodes + qdevice, link 1 of node2 cut"
"$LAB" cut node2 1
wait_for 30 'nodeid: +2:.disconnected' node1 corosync-cfgtool -s
rec cfgtool-s-link1-cut node1 corosync-cfgtool -s
rec cmapctl-stats-knet-link1-cut node1 corosync-cmapctl -m stats stats.knet.node
rec cmapctl-stats-query-link1-cut node1 corosync-cmapctl -m stats "${STATS_2N_2L[@]}"
rec quorumtool-p-link1-cut node1 corosync-quorumtool -p
"$LAB" heal node2 1

STATE="2 nodes + qdevice, node2 isolated on all links"
wait_for 30 'nodeid: +2:.connected' node1 corosync-cfgtool -s
"$LAB" cut node2
wait_for 40 '^Quorate: +No' node2 corosync-quorumtool -s
wait_for 40 'Total votes: +2' node1 corosync-quorumtool -s
rec quorumtool-p-isolated-survivor node1 corosync-quorumtool -p
rec quorumtool-p-isolated-node node2 corosync-quorumtool -p
rec quorumtool-siH-isolated-node node2 corosync-quorumtool -siH
rec cfgtool-s-isolated-survivor node1 corosync-cfgtool -s
rec cmapctl-stats-knet-isolated-survivor node1 corosync-cmapctl -m stats stats.knet.node
rec cmapctl-stats-query-isolated-survivor node1 corosync-cmapctl -m stats "${STATS_2N_2L[@]}"
wait_for 40 'State:.*(Connect failed|Connecting|Disconnected)' node2 corosync-qdevice-tool -sv
rec qdevice-tool-sv-isolated-node node2 corosync-qdevice-tool -sv
rec qnetd-tool-lv-isolated qnetd corosync-qnetd-tool -lv
"$LAB" heal node2
wait_for 60 'A,V,NMW node2' node1 corosync-quorumtool -p

STATE="2 nodes + qdevice, qdevice daemon stopped on node1"
"$LAB" stop node1 qdevice
wait_for 30 'NR node1' node1 corosync-quorumtool -p
rec quorumtool-p-qdevice-stopped node1 corosync-quorumtool -p
rec qdevice-tool-sv-not-running node1 corosync-qdevice-tool -sv
"$LAB" start node1 qdevice
wait_for 60 'A,V,NMW node1' node1 corosync-quorumtool -p

STATE="2 nodes + qdevice, qnetd stopped"
"$LAB" stop qnetd qnetd
wait_for 60 'A,NV,NMW node1' node1 corosync-quorumtool -p
rec quorumtool-p-qnetd-down node1 corosync-quorumtool -p
wait_for 60 'State:.*Connect failed' node1 corosync-qdevice-tool -sv
rec qdevice-tool-sv-connect-failed node1 corosync-qdevice-tool -sv
rec qnetd-tool-s-not-running qnetd corosync-qnetd-tool -s

"$LAB" down

# --- 2 nodes, no QDevice, 1 link --------------------------------------------
"$LAB" up --nodes 2 --links 1
STATE="2 nodes, 1 link, healthy"
rec quorumtool-p-2n-healthy node1 corosync-quorumtool -p
rec quorumtool-s-2n-healthy node1 corosync-quorumtool -s
rec cfgtool-s-2n-1link node1 corosync-cfgtool -s
rec cmapctl-config-2n node1 corosync-cmapctl "${CONFIG_KEYS[@]}"
STATE="2 nodes, node2 corosync stopped"
"$LAB" stop node2 corosync
wait_for 40 'Activity blocked' node1 corosync-quorumtool -s
rec quorumtool-p-2n-peer-down node1 corosync-quorumtool -p
rec quorumtool-siH-2n-peer-down node1 corosync-quorumtool -siH
rec cfgtool-s-2n-peer-down node1 corosync-cfgtool -s
rec cmapctl-stats-knet-2n-peer-down node1 corosync-cmapctl -m stats stats.knet.node
rec cmapctl-stats-query-2n-peer-down node1 corosync-cmapctl -m stats "${STATS_2N_1L[@]}"
STATE="2 nodes, node2 stopped, corosync-quorumtool -e 1 on node1"
"$LAB" expected node1 1
wait_for 20 'Expected votes: +1' node1 corosync-quorumtool -s
rec quorumtool-p-expected-1 node1 corosync-quorumtool -p
STATE="2 nodes, corosync stopped on node1"
"$LAB" stop node1 corosync
rec quorumtool-p-corosync-down node1 corosync-quorumtool -p
rec cfgtool-s-corosync-down node1 corosync-cfgtool -s
rec cmapctl-corosync-down node1 corosync-cmapctl "${CONFIG_KEYS[@]}"
rec cmapctl-stats-corosync-down node1 corosync-cmapctl -m stats stats.knet.node
rec cmapctl-stats-query-corosync-down node1 corosync-cmapctl -m stats "${STATS_2N_1L[@]}"
"$LAB" down

# --- 3 nodes, 2 links ---------------------------------------------------------
"$LAB" up --nodes 3 --links 2
STATE="3 nodes, 2 links, healthy"
rec quorumtool-p-3n-healthy node1 corosync-quorumtool -p
rec cfgtool-s-3n-healthy node1 corosync-cfgtool -s
rec cmapctl-config-3n node1 corosync-cmapctl "${CONFIG_KEYS[@]}"
rec cmapctl-config-3n-totem node1 corosync-cmapctl "${CONFIG_QUERY[@]}"
rec cmapctl-stats-3n-healthy node1 corosync-cmapctl -m stats "${STATS_3N_N1[@]}"
STATE="3 nodes, 2 links, corosync on node2 stopped (SIGSTOP) for 0.85 x token, then resumed"
# A scheduler miss without a membership change: corosync notices on resuming that its main loop
# ran late, and keeps the entry (stats.schedmiss.0) until it restarts.
token_ms=$("$LAB" exec node2 -- corosync-cmapctl -g runtime.config.totem.token | sed 's/.* = //')
pid=$(cat "$LAB_DIR/node2/corosync.pid")
kill -STOP "$pid"
sleep "$(awk -v t="$token_ms" 'BEGIN { printf "%.3f", t * 0.85 / 1000 }')"
kill -CONT "$pid"
wait_for 10 'schedmiss\.0\.timestamp' node2 corosync-cmapctl -m stats stats.schedmiss.
rec cmapctl-stats-schedmiss-node2 node2 corosync-cmapctl -m stats stats.schedmiss.
rec cmapctl-stats-3n-schedmiss node2 corosync-cmapctl -m stats "${STATS_3N_N2[@]}"
STATE="3 nodes, node3 stopped"
"$LAB" stop node3 corosync
wait_for 40 'Total votes: +2' node1 corosync-quorumtool -s
rec quorumtool-p-3n-one-down node1 corosync-quorumtool -p
"$LAB" down
# Last: it needs ../shared/pmxcfs, which a fresh clone may lack (lab.sh says so).
record_pve
echo "record: fixtures in $OUT"
