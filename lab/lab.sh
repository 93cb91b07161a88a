#!/usr/bin/env bash
# A real corosync 3 cluster on one machine.
#
# Every host is a network namespace, a UTS namespace (its own host name) and a
# private mount namespace (an empty /root, so this machine's shell start-up files
# do not slow down commands run over SSH; tmpfs on
# /run and /dev/shm, /etc/corosync and /var/lib/corosync bound to per-host
# folders), so corosync, corosync-qdevice and corosync-qnetd of different hosts
# never see each other's sockets or state. Each corosync link is one Linux
# bridge inside a switch namespace; a third bridge is the management network
# that joins the root namespace to every host, so that monitoring keeps working
# while corosync links are cut (as an out-of-band network does in production).
#
#   link 0      192.0.2.0/24     nodes .11 .12 .13, qnetd .100
#   link 1      198.51.100.0/24  nodes .11 .12 .13
#   management  198.18.0.0/24    root namespace .1, nodes .11 .12 .13, qnetd .100
#               (RFC 2544 benchmarking range: the documentation ranges may be the
#               machine's own network, and this one gets a route in the root
#               namespace; LAB_MGMT_NET=a.b.c picks another /24)
#
# With --pmxcfs every cluster node also runs Proxmox VE's real cluster file system (pmxcfs,
# built from ../shared/pmxcfs beside the project root): /etc/hosts bound to a lab-wide file
# (pmxcfs resolves its node name to its corosync address), /var/lib/pve-cluster bound to a
# per-host folder (its database), and the FUSE mount /etc/pve in the host's own mount namespace.
# The HA manager and watchdog-mux do not run here (watchdog-mux would arm this machine's real
# watchdog); "ha-standin" and "watchdog" write what they would, in their formats, through pmxcfs.
#
# Only processes this script started (pid files under $LAB_DIR) are ever killed.
set -euo pipefail

LAB_DIR=${LAB_DIR:-/tmp/corosync-lab}
P=${LAB_PREFIX:-cl}
SW="$P-sw"
MGMT_ROOT_IF="$P-mgmt"
CLUSTER_NAME=${LAB_CLUSTER_NAME:-lab}
MGMT=${LAB_MGMT_NET:-198.18.0}
# The forced command of central mode's documented setup (docs/central-mode.md), from this checkout.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WRAPPER=$ROOT/packaging/ssh-command-wrapper
# pmxcfs is a test component beside the project, like corosync: never part of it.
PMXCFS_SRC=${LAB_PMXCFS_SRC:-$ROOT/../shared/pmxcfs}
# Outlives "down" (LAB_DIR is removed), so that the build is done once.
PMXCFS_BUILD=${LAB_PMXCFS_BUILD:-/tmp/corosync-lab-build/pmxcfs}

usage() {
  cat <<'EOF'
usage: lab.sh COMMAND [ARGS]
  up [--nodes 2|3] [--qdevice] [--links 1|2] [--monitor] [--pmxcfs] [--unnamed NODE]
                                                start a cluster (fails if one runs); --monitor adds
                                                a host "monitor" on the management network only;
                                                --pmxcfs runs Proxmox's pmxcfs on every node (/etc/pve);
                                                --unnamed: NODE's nodelist entry has no name (the
                                                lab's /etc/hosts names its address, as DNS would;
                                                one link only, as corosync requires)
  down                                          stop everything, remove namespaces
  status                                        shape and running daemons
  exec HOST -- CMD [ARGS...]                    run CMD inside HOST (node1.., qnetd)
  cut HOST [LINK]                               cut HOST's link LINK (default: all)
  heal HOST [LINK]                              restore HOST's link LINK (default: all), also
                                                ending its loss and blocks
  loss HOST PCT [--link L] [--dir in|out|both] [--data] [--peer PEER]
                                                drop PCT % of HOST's frames on link L (default: all)
                                                at random, in the switch (nftables); 0 ends it;
                                                --data: only knet data frames (pings pass);
                                                --peer: only those to/from PEER
  block HOST in|out [--link L] [--data]         one-way block: nothing reaches HOST (in) or
                                                nothing HOST sends arrives (out)
  pause HOST [MS]                               SIGSTOP corosync for MS ms, then SIGCONT (default
                                                0.85 x the token in force: a scheduler miss; the
                                                ring may or may not survive it)
  timeouts [--token MS] [--coefficient MS]      set totem.token / token_coefficient on every node
                                                and reload (no option: back to the defaults)
  traffic HOST on|off [PER_SECOND]              write /etc/pve on HOST PER_SECOND times a second
                                                (default 10; needs --pmxcfs): cluster traffic
  stop HOST DAEMON | start HOST DAEMON          DAEMON: corosync, qdevice, qnetd, sshd
                                                (sshd: key login as root with $LAB_DIR/ssh/id_ed25519,
                                                forced command packaging/ssh-command-wrapper as in
                                                docs/central-mode.md, host keys in $LAB_DIR/ssh/known_hosts)
  freeze HOST DAEMON | thaw HOST DAEMON         SIGSTOP / SIGCONT the daemon: a hung, not a dead one
  spawn HOST NAME [--hide FILE]... -- CMD [ARGS...]
                                                run CMD in HOST in the background as
                                                daemon NAME (log: $LAB_DIR/HOST/NAME.log);
                                                --hide: FILE is /dev/null for CMD alone
  expected HOST N                               corosync-quorumtool -e N on HOST
  addr HOST                                     HOST's management address
  wait-quorate HOST [SECONDS]                   wait until HOST reports Quorate: Yes
  hosts                                         the hosts of the running lab
  ha-standin HOST lrm STATE MODE [--every S]    stand-in for pve-ha-lrm on HOST: writes
                                                /etc/pve/nodes/HOST/lrm_status through pmxcfs (fails,
                                                as the real LRM's write does, while HOST is not quorate);
                                                --every S: keeps rewriting it every S s in the
                                                background (daemon lrm-standin), as the LRM does
  ha-standin HOST manager [NODE=STATUS...]      stand-in for the CRM master on HOST: writes
                                                /etc/pve/ha/manager_status (HOST is master_node)
  watchdog HOST on|off                          stand-in for watchdog-mux (never run here: it would arm
                                                this machine's watchdog): creates/removes
                                                /run/watchdog-mux.active in HOST's private /run
EOF
}

die() { echo "lab: $*" >&2; exit 1; }

need_root() {
  [ "$(id -u)" = 0 ] || die "needs root (network and mount namespaces)"
  command -v ip >/dev/null || die "ip (iproute2) not found"
  command -v corosync >/dev/null || die "corosync not installed (apt-get install corosync corosync-qdevice corosync-qnetd)"
}

host_index() {
  case "$1" in
    node[1-9]) echo "${1#node}" ;;
    qnetd) echo 100 ;;
    monitor) echo 200 ;;
    *) die "unknown host '$1'" ;;
  esac
}

mgmt_addr() { local i; i=$(host_index "$1"); echo "$MGMT.$(( i < 100 ? 10 + i : i ))"; }
link_addr() { # host link
  local i; i=$(host_index "$1"); local last=$(( i < 100 ? 10 + i : 100 ))
  case "$2" in 0) echo "192.0.2.$last" ;; 1) echo "198.51.100.$last" ;; *) die "no link $2" ;; esac
}

shape_get() { sed -n "s/^$1=//p" "$LAB_DIR/shape" 2>/dev/null; }
hosts() { cat "$LAB_DIR/hosts" 2>/dev/null; }
anchor_pid() { cat "$LAB_DIR/$1/anchor.pid" 2>/dev/null || die "host '$1' is not running"; }

in_host() { # host cmd...
  local pid; pid=$(anchor_pid "$1"); shift
  nsenter -t "$pid" -m -n -u -- "$@"
}

# The pid file holds the pid of the daemon itself; it is checked against the
# expected command name before any signal is sent.
is_ours() { # pidfile name
  local pid; pid=$(cat "$1" 2>/dev/null) || return 1
  [ -r "/proc/$pid/comm" ] || return 1
  # comm is cut to 15 characters (corosync-qdevice -> corosync-qdevic).
  [ "$(cat "/proc/$pid/comm")" = "${2:0:15}" ]
}

spawn() { # host name cmd...
  local host=$1 name=$2; shift 2
  local dir="$LAB_DIR/$host"
  local pidfile="$dir/$name.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    die "$name already runs on $host"
  fi
  local pid; pid=$(anchor_pid "$host")
  # setsid + exec: the recorded pid is the daemon's own, with no shell in between.
  setsid nsenter -t "$pid" -m -n -u -- "$@" >>"$dir/$name.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  basename "$1" > "$dir/$name.comm"
}

kill_tree_below() { # pid
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    kill_tree_below "$child"
    kill -KILL "$child" 2>/dev/null || true
  done
}

signal_daemon() { # host name signal
  local pidfile="$LAB_DIR/$1/$2.pid" comm
  comm=$(cat "$LAB_DIR/$1/$2.comm" 2>/dev/null || echo "$2")
  is_ours "$pidfile" "$comm" || die "$2 does not run on $1"
  kill "-$3" "$(cat "$pidfile")"
}

stop_daemon() { # host name
  local pidfile="$LAB_DIR/$1/$2.pid" comm
  [ -f "$pidfile" ] || return 0
  comm=$(cat "$LAB_DIR/$1/$2.comm" 2>/dev/null || echo "$2")
  local pid; pid=$(cat "$pidfile")
  # nsenter execs the daemon, so the pid is the daemon once it runs; accept
  # nsenter too for the instant between fork and exec.
  if is_ours "$pidfile" "$comm" || is_ours "$pidfile" nsenter; then
    # sshd's sessions are its children and outlive it; a node whose sshd is "stopped" here is
    # unreachable, so they go too.
    if [ "$comm" = sshd ]; then kill_tree_below "$pid"; fi
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile" "$LAB_DIR/$1/$2.comm"
}

write_corosync_conf() { # nodes links qdevice
  local nodes=$1 links=$2 qdevice=$3 f="$LAB_DIR/corosync.conf"
  {
    echo "totem {"
    echo "  version: 2"
    echo "  cluster_name: $CLUSTER_NAME"
    echo "  config_version: 1"
    echo "  transport: knet"
    echo "  crypto_cipher: none"
    echo "  crypto_hash: none"
    echo "  ip_version: ipv4"
    for l in $(seq 0 $((links - 1))); do echo "  interface {"; echo "    linknumber: $l"; echo "  }"; done
    echo "}"
    echo "nodelist {"
    for i in $(seq 1 "$nodes"); do
      echo "  node {"
      [ "node$i" = "${UNNAMED:-}" ] || echo "    name: node$i"
      echo "    nodeid: $i"
      echo "    quorum_votes: 1"
      for l in $(seq 0 $((links - 1))); do echo "    ring${l}_addr: $(link_addr "node$i" "$l")"; done
      echo "  }"
    done
    echo "}"
    echo "quorum {"
    echo "  provider: corosync_votequorum"
    if [ "$qdevice" = 1 ]; then
      echo "  device {"
      echo "    model: net"
      echo "    votes: 1"
      echo "    net {"
      echo "      tls: off"
      echo "      host: $(link_addr qnetd 0)"
      echo "      algorithm: ffsplit"
      echo "      tie_breaker: lowest"
      echo "    }"
      echo "  }"
    fi
    echo "}"
    echo "logging {"
    echo "  to_stderr: yes"
    echo "  to_logfile: no"
    echo "  to_syslog: no"
    echo "  timestamp: on"
    echo "}"
  } > "$f"
}

add_port() { # host ifname-in-host bridge addr
  local host=$1 ifn=$2 br=$3 addr=$4
  local peer="${host}-${ifn}"
  ip link add "$ifn" netns "$P-$host" type veth peer name "$peer" netns "$SW"
  ip -n "$SW" link set "$peer" master "$br" up
  ip -n "$P-$host" addr add "$addr/24" dev "$ifn"
  ip -n "$P-$host" link set "$ifn" up
}

start_host() { # host
  local host=$1 dir="$LAB_DIR/$1"
  mkdir -p "$dir/etc" "$dir/lib" "$dir/root"
  # A QNetd host is no cluster node: it has corosync installed (one machine) but not configured.
  [ "$host" = qnetd ] || cp "$LAB_DIR/corosync.conf" "$dir/etc/corosync.conf"
  ip netns add "$P-$host"
  # Listed as soon as it exists, so that down removes it even if the rest of the start fails.
  echo "$host" >> "$LAB_DIR/hosts"
  ip -n "$P-$host" link set lo up
  # The anchor holds the host's mount namespace; everything of the host is
  # started with nsenter into it.
  ip netns exec "$P-$host" unshare -m -u --propagation private sh -c '
      hostname "$2" &&
      mount --bind "$1/etc" /etc/corosync &&
      mount --bind "$1/lib" /var/lib/corosync &&
      mount --bind "$1/root" /root &&
      mount -t tmpfs -o mode=755 tmpfs /run &&
      mount -t tmpfs -o mode=1777 tmpfs /dev/shm &&
      mkdir -p /run/corosync-qdevice /run/corosync-qnetd /run/sshd &&
      echo $$ > "$1/anchor.pid" && exec sleep infinity' sh "$dir" "$host" > "$dir/anchor.log" 2>&1 &
  for _ in $(seq 50); do [ -s "$dir/anchor.pid" ] && break; sleep 0.1; done
  [ -s "$dir/anchor.pid" ] || die "host $host did not start: $(cat "$dir/anchor.log")"
}

start_daemon() { # host daemon
  local host=$1
  case "$2" in
    corosync) spawn "$host" corosync corosync -f ;;
    qdevice) spawn "$host" qdevice corosync-qdevice -f ;;
    qnetd) spawn "$host" qnetd corosync-qnetd -f -s off ;;
    sshd) setup_sshd "$host"; spawn "$host" sshd /usr/sbin/sshd -D -e -f "$LAB_DIR/$host/sshd_config" ;;
    *) die "unknown daemon '$2' (corosync, qdevice, qnetd, sshd)" ;;
  esac
}

# One client key for the whole lab; each host gets its own host key, recorded in
# $LAB_DIR/ssh/known_hosts under its management address.
setup_sshd() { # host
  local host=$1 dir="$LAB_DIR/$1" ssh="$LAB_DIR/ssh"
  [ -x /usr/sbin/sshd ] || die "sshd not installed (apt-get install openssh-server)"
  mkdir -p "$ssh"
  [ -f "$ssh/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C lab-client -f "$ssh/id_ed25519"
  [ -x "$WRAPPER" ] || die "$WRAPPER not found or not executable"
  # As documented for production: the key runs the wrapper and nothing else, so sshd also
  # refuses the client's signals to its commands (only the commands' own bound ends them).
  echo "restrict,command=\"$WRAPPER\" $(cat "$ssh/id_ed25519.pub")" > "$ssh/authorized_keys"
  if [ ! -f "$dir/ssh_host_ed25519_key" ]; then
    ssh-keygen -q -t ed25519 -N '' -C "$host" -f "$dir/ssh_host_ed25519_key"
    echo "$(mgmt_addr "$host") $(cut -d' ' -f1,2 "$dir/ssh_host_ed25519_key.pub")" >> "$ssh/known_hosts"
  fi
  {
    echo "ListenAddress $(mgmt_addr "$host")"
    echo "HostKey $dir/ssh_host_ed25519_key"
    echo "AuthorizedKeysFile $ssh/authorized_keys"
    echo "PermitRootLogin prohibit-password"
    echo "PasswordAuthentication no"
    echo "KbdInteractiveAuthentication no"
    echo "UsePAM no"
    echo "StrictModes no"
    echo "PidFile none"
    echo "MaxSessions 20"
  } > "$dir/sshd_config"
}

cmd_up() {
  local nodes=2 links=2 qdevice=0 monitor=0 pmxcfs=0
  UNNAMED=
  while [ $# -gt 0 ]; do
    case "$1" in
      --unnamed) UNNAMED=$2; shift 2 ;;
      --nodes) nodes=$2; shift 2 ;;
      --links) links=$2; shift 2 ;;
      --qdevice) qdevice=1; shift ;;
      --monitor) monitor=1; shift ;;
      --pmxcfs) pmxcfs=1; shift ;;
      *) die "unknown option for up: $1" ;;
    esac
  done
  case "$nodes" in 2|3) ;; *) die "--nodes must be 2 or 3" ;; esac
  case "$links" in 1|2) ;; *) die "--links must be 1 or 2" ;; esac
  # pmxcfs names nodes by their nodelist name: an entry without one is not a Proxmox VE node.
  [ -n "$UNNAMED" ] && [ "$pmxcfs" = 1 ] && die "--unnamed and --pmxcfs do not go together"
  case "$UNNAMED" in ''|node[1-3]) ;; *) die "--unnamed takes a node (node1, node2, node3)" ;; esac
  # corosync 3.1: "for a multi-link configuration, all nodes must have a 'name' attribute".
  [ -n "$UNNAMED" ] && [ "$links" != 1 ] && die "--unnamed needs --links 1 (corosync requires names with more links)"
  need_root
  [ -f "$LAB_DIR/hosts" ] && die "a lab is already up in $LAB_DIR (run: lab.sh down)"
  # Before anything is built: a missing pmxcfs is a clear message, not a half-started lab.
  [ "$pmxcfs" = 1 ] && build_pmxcfs
  # A route to the management network must not shadow one the machine uses.
  if ip -4 route show match "$MGMT.1" | grep -v '^default' | grep -q .; then
    die "$MGMT.0/24 is already routed on this machine; set LAB_MGMT_NET to a free /24 (e.g. 198.19.7)"
  fi
  # From here on, any way out but success takes down what was built, so the next "up" can start.
  # An EXIT trap, not ERR: ERR is not inherited by functions (no set -E) and does not fire on
  # die's "exit 1", so a failure inside start_host or cmd_wait_quorate used to leave namespaces.
  # INT and TERM exit, so that the EXIT trap runs on ^C too.
  trap 'echo "lab: up failed, cleaning up" >&2; cmd_down >/dev/null 2>&1 || true' EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$LAB_DIR"
  : > "$LAB_DIR/hosts"
  printf 'nodes=%s\nlinks=%s\nqdevice=%s\nmonitor=%s\npmxcfs=%s\nunnamed=%s\n' "$nodes" "$links" "$qdevice" "$monitor" "$pmxcfs" "$UNNAMED" > "$LAB_DIR/shape"
  write_corosync_conf "$nodes" "$links" "$qdevice"

  ip netns add "$SW"
  ip -n "$SW" link set lo up
  for br in br0 br1 brm; do
    ip -n "$SW" link add "$br" type bridge
    ip -n "$SW" link set "$br" up
  done
  ip link add "$MGMT_ROOT_IF" type veth peer name root-m netns "$SW"
  ip -n "$SW" link set root-m master brm up
  ip addr add "$MGMT.1/24" dev "$MGMT_ROOT_IF"
  ip link set "$MGMT_ROOT_IF" up

  local all=""
  for i in $(seq 1 "$nodes"); do all="$all node$i"; done
  [ "$qdevice" = 1 ] && all="$all qnetd"
  for h in $all; do
    start_host "$h"
    add_port "$h" mgmt brm "$(mgmt_addr "$h")"
    add_port "$h" eth0 br0 "$(link_addr "$h" 0)"
    if [ "$h" != qnetd ] && [ "$links" = 2 ]; then add_port "$h" eth1 br1 "$(link_addr "$h" 1)"; fi
  done
  if [ "$monitor" = 1 ]; then
    start_host monitor
    add_port monitor mgmt brm "$(mgmt_addr monitor)"
  fi
  [ "$qdevice" = 1 ] && start_daemon qnetd qnetd
  if [ -n "$UNNAMED" ]; then
    # What a resolver gives the tools for the unnamed node's address (getnameinfo, in
    # corosync-quorumtool): its name, from the lab-wide hosts file on every node.
    write_hosts_file "$nodes"
    for i in $(seq 1 "$nodes"); do in_host "node$i" mount --bind "$LAB_DIR/etc-hosts" /etc/hosts; done
  fi
  for i in $(seq 1 "$nodes"); do start_daemon "node$i" corosync; done
  for i in $(seq 1 "$nodes"); do cmd_wait_quorate "node$i" 60; done
  if [ "$qdevice" = 1 ]; then
    for i in $(seq 1 "$nodes"); do start_daemon "node$i" qdevice; done
    for i in $(seq 1 "$nodes"); do wait_qdevice_voting "node$i" 60; done
  fi
  if [ "$pmxcfs" = 1 ]; then
    write_hosts_file "$nodes"
    for i in $(seq 1 "$nodes"); do start_pmxcfs "node$i"; done
    for i in $(seq 1 "$nodes"); do wait_pmxcfs_quorate "node$i" 60; done
  fi
  trap - EXIT INT TERM
  echo "lab: up: $nodes nodes, $links link(s)$([ "$qdevice" = 1 ] && echo ", qdevice")$([ "$monitor" = 1 ] && echo ", monitor")$([ "$pmxcfs" = 1 ] && echo ", pmxcfs") in $LAB_DIR"
}

# quorumtool exits 2 when not quorate; that is an answer, not a failure.
quorum_status() { in_host "$1" corosync-quorumtool -s 2>/dev/null || true; }

cmd_wait_quorate() { # host [seconds]
  local host=$1 secs=${2:-60}
  for _ in $(seq $((secs * 5))); do
    if quorum_status "$host" | grep -q '^Quorate: *Yes'; then return 0; fi
    sleep 0.2
  done
  die "$host not quorate after ${secs}s"
}

wait_qdevice_voting() { # host seconds
  local host=$1 secs=$2
  # The Qdevice row carries its votes (and no "(votes N)" suffix) only while
  # this node's qdevice casts its vote.
  for _ in $(seq $((secs * 5))); do
    if quorum_status "$host" | grep -qE '^ +0 +[1-9][0-9]* +Qdevice$'; then return 0; fi
    sleep 0.2
  done
  die "qdevice on $host not voting after ${secs}s"
}

cmd_down() {
  [ -f "$LAB_DIR/hosts" ] || { echo "lab: nothing to stop"; return 0; }
  local h
  for h in $(hosts); do
    # pmxcfs before corosync, and thawed first: a stopped pmxcfs would hang its own unmount.
    if is_ours "$LAB_DIR/$h/pmxcfs.pid" pmxcfs; then kill -CONT "$(cat "$LAB_DIR/$h/pmxcfs.pid")"; fi
    # The stand-in LRM and the traffic writer before pmxcfs: once /etc/pve is unmounted their
    # writes would land on this machine's disk.
    for d in lrm-standin traffic exporter pmxcfs qdevice corosync qnetd sshd; do stop_daemon "$h" "$d"; done
    unmount_pmxcfs "$h"
    for pf in "$LAB_DIR/$h"/*.pid; do
      [ -e "$pf" ] || continue
      case "$pf" in */anchor.pid) continue ;; esac
      stop_daemon "$h" "$(basename "$pf" .pid)"
    done
    if is_ours "$LAB_DIR/$h/anchor.pid" sleep; then kill "$(cat "$LAB_DIR/$h/anchor.pid")" 2>/dev/null || true; fi
    ip netns del "$P-$h" 2>/dev/null || true
  done
  ip link del "$MGMT_ROOT_IF" 2>/dev/null || true
  ip netns del "$SW" 2>/dev/null || true
  remove_mountpoints
  rm -rf "$LAB_DIR"
  echo "lab: down"
}

cmd_status() {
  [ -f "$LAB_DIR/hosts" ] || { echo "lab: not running"; return 0; }
  cat "$LAB_DIR/shape"
  for h in $(hosts); do
    local running=""
    for pf in "$LAB_DIR/$h"/*.pid; do
      [ -e "$pf" ] || continue
      case "$pf" in */anchor.pid) continue ;; esac
      kill -0 "$(cat "$pf")" 2>/dev/null && running="$running $(basename "$pf" .pid)"
    done
    echo "$h $(mgmt_addr "$h"):$running"
  done
}

link_ifs() { # host [link]
  if [ -n "${2:-}" ]; then echo "$1-eth$2"; return; fi
  local l; for l in 0 1; do ip -n "$SW" link show "$1-eth$l" >/dev/null 2>&1 && echo "$1-eth$l"; done
}

# Cutting happens on the switch side, as a pulled cable would: the host keeps
# its address, knet just stops hearing its peers on that link.
cmd_cut() { local i; for i in $(link_ifs "$@"); do ip -n "$SW" link set "$i" down; done; }
cmd_heal() {
  local i
  for i in $(link_ifs "$@"); do ip -n "$SW" link set "$i" up; done
  if command -v nft >/dev/null; then fault_clear "$@"; fi
}

# --- faults: loss and blocks in the switch, a paused corosync, timeouts, traffic ----------------
#
# Loss and blocks are nftables rules in the switch namespace (bridge family), between the host's
# port and the bridge, as a bad cable, an overloaded switch port or a firewall on the path would
# act: the host's own sends succeed and its own counters count them as sent. This kernel has no netem;
# "numgen random mod 100 < PCT" drops PCT % of the frames at random. Each rule carries the host
# and link in its comment, so that heal and loss 0 remove exactly that host's rules.
FAULTS=labfault

sw_nft() { ip netns exec "$SW" nft "$@"; }

fault_chain() {
  sw_nft list table bridge "$FAULTS" >/dev/null 2>&1 && return 0
  sw_nft add table bridge "$FAULTS"
  sw_nft add chain bridge "$FAULTS" forward '{ type filter hook forward priority 0; policy accept; }'
}

fault_clear() { # host [link]
  local tag="$1-eth${2:-}" handle
  sw_nft list table bridge "$FAULTS" >/dev/null 2>&1 || return 0
  for handle in $(sw_nft -a list chain bridge "$FAULTS" forward |
      sed -n "s/.*comment \"$tag[0-9]* [a-z]*\" # handle \([0-9]*\)$/\1/p"); do
    sw_nft delete rule bridge "$FAULTS" forward handle "$handle"
  done
}

# Frames from the host leave through its port into the bridge (iifname); frames to it go out of
# the bridge through its port (oifname).
# With "data", only knet's data frames (the knet header's type byte, the second byte of the UDP
# payload, is 0 for data; the lab runs without crypto, so it is readable): pings and pongs pass and
# the links stay "connected" while nothing corosync sends arrives.
fault_add() { # host link dir pct data [peer]
  local port="$1-eth$2" match what=() pair=()
  case "$3" in out) match=iifname ;; in) match=oifname ;; esac
  [ "$5" = 1 ] && what=(meta l4proto udp @th,72,8 0)
  # Only the frames between HOST and PEER: the other end of the bridge is PEER's port.
  if [ -n "${6:-}" ]; then
    case "$3" in out) pair=(oifname "$6-eth$2") ;; in) pair=(iifname "$6-eth$2") ;; esac
  fi
  if [ "$4" -ge 100 ]; then
    sw_nft add rule bridge "$FAULTS" forward "$match" "$port" "${pair[@]}" "${what[@]}" counter drop comment "\"$port $3\""
  else
    sw_nft add rule bridge "$FAULTS" forward "$match" "$port" "${pair[@]}" "${what[@]}" numgen random mod 100 '<' "$4" \
      counter drop comment "\"$port $3\""
  fi
}

cmd_loss() { # host pct [--link L] [--dir in|out|both] [--data] [--peer PEER]
  local host=${1:-} pct=${2:-} link="" dir=both data=0 peer="" l d
  [ -n "$host" ] && [[ "$pct" =~ ^[0-9]+$ ]] && [ "$pct" -le 100 ] ||
    die "usage: loss HOST PCT [--link L] [--dir in|out|both] [--data] [--peer PEER] (PCT 0-100; 0 clears)"
  shift 2
  while [ $# -gt 0 ]; do
    case "$1" in
      --link) link=${2:?--link needs a link number}; shift 2 ;;
      --dir) dir=${2:?--dir needs in, out or both}; shift 2 ;;
      --data) data=1; shift ;;
      --peer) peer=${2:?--peer needs a host}; shift 2 ;;
      *) die "loss: unknown argument '$1'" ;;
    esac
  done
  case "$dir" in in|out|both) ;; *) die "loss: --dir is in, out or both, not '$dir'" ;; esac
  grep -qx "$host" "$LAB_DIR/hosts" 2>/dev/null || die "host '$host' is not running"
  [ -z "$peer" ] || grep -qx "$peer" "$LAB_DIR/hosts" || die "host '$peer' is not running"
  command -v nft >/dev/null || die "loss needs nftables (apt-get install nftables)"
  fault_chain
  fault_clear "$host" "$link"
  [ "$pct" -eq 0 ] && return 0
  for l in $(if [ -n "$link" ]; then echo "$link"; else link_ifs "$host" | sed 's/.*-eth//'; fi); do
    for d in $(if [ "$dir" = both ]; then echo in out; else echo "$dir"; fi); do
      fault_add "$host" "$l" "$d" "$pct" "$data" "$peer"
    done
  done
}

# A one-way block: the host still hears its peers (in) but nothing it sends arrives (out), or the
# reverse; corosync cannot agree on a ring and keeps gathering. With --data only knet's data frames
# are dropped (see fault_add): the links stay connected while the host's corosync traffic vanishes.
cmd_block() { # host in|out [--link L] [--data]
  local host=${1:-} dir=${2:-}
  case "$dir" in in|out) ;; *) die "usage: block HOST in|out [--link L] [--data]" ;; esac
  shift 2
  cmd_loss "$host" 100 --dir "$dir" "$@"
}

# corosync stopped for less than the token timeout: a scheduler miss (corosync logs "main process
# was not scheduled" once the gap between its timer runs passes 0.8 x token). The default, 0.85 x
# the token in force, is meant to stay short of a token loss; whether the ring survives varies
# (docs/lab.md has what was measured).
cmd_pause() { # host [ms]
  local host=${1:?usage: pause HOST [MS]} ms=${2:-} token pidfile="$LAB_DIR/${1:-}/corosync.pid"
  is_ours "$pidfile" corosync || die "corosync does not run on $host"
  token=$(in_host "$host" corosync-cmapctl -g runtime.config.totem.token | sed -n 's/.* = //p')
  [[ "$token" =~ ^[0-9]+$ ]] || die "cannot read runtime.config.totem.token on $host"
  [ -n "$ms" ] || ms=$(( token * 85 / 100 ))
  [[ "$ms" =~ ^[0-9]+$ ]] || die "pause: MS must be milliseconds, not '$ms'"
  local pid; pid=$(cat "$pidfile")
  kill -STOP "$pid"
  sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
  kill -CONT "$pid"
  echo "lab: paused corosync on $host for $ms ms (token in force: $token ms)"
}

# Sets totem.token and/or totem.token_coefficient on every node and reloads: the token in force is
# token + (nodes - 2) x token_coefficient, the consensus timeout 1.2 x that (corosync.conf(5)).
cmd_timeouts() { # [--token MS] [--coefficient MS] | --default
  local token="" coeff="" f="$LAB_DIR/corosync.conf" h version
  while [ $# -gt 0 ]; do
    case "$1" in
      --token) token=${2:?--token needs milliseconds}; shift 2 ;;
      --coefficient) coeff=${2:?--coefficient needs milliseconds}; shift 2 ;;
      --default) shift ;;
      *) die "usage: timeouts [--token MS] [--coefficient MS] | --default" ;;
    esac
  done
  for v in $token $coeff; do [[ "$v" =~ ^[0-9]+$ ]] || die "timeouts: '$v' is not milliseconds"; done
  [ -f "$f" ] || die "lab is not running"
  version=$(sed -n 's/^  config_version: //p' "$f")
  sed -i -e '/^  token: /d' -e '/^  token_coefficient: /d' \
    -e "s/^  config_version: .*/  config_version: $((version + 1))/" "$f"
  [ -z "$coeff" ] || sed -i "s/^  transport: knet$/&\n  token_coefficient: $coeff/" "$f"
  [ -z "$token" ] || sed -i "s/^  transport: knet$/&\n  token: $token/" "$f"
  for h in $(hosts); do
    [ "$h" = qnetd ] || cp "$f" "$LAB_DIR/$h/etc/corosync.conf"
  done
  in_host node1 corosync-cfgtool -R >/dev/null
  echo "lab: token in force $(in_host node1 corosync-cmapctl -g runtime.config.totem.token | sed -n 's/.* = //p') ms," \
    "consensus $(in_host node1 corosync-cmapctl -g runtime.config.totem.consensus | sed -n 's/.* = //p') ms"
}

# Cluster traffic: pmxcfs replicates every write to /etc/pve to all nodes over corosync (CPG), as
# the HA manager's and the GUI's writes do. An idle corosync sends little but the token, so it has
# almost nothing to retransmit; loss shows as retransmits only with traffic like this.
cmd_traffic() { # host on|off [per-second]
  local host=${1:-} rate=${3:-10}
  case "${2:-}" in
    on)
      [[ "$rate" =~ ^[1-9][0-9]{0,2}$ ]] || die "traffic: per-second must be 1-999, not '$rate'"
      in_host "$host" mountpoint -q /etc/pve 2>/dev/null || die "traffic needs pmxcfs on $host (up --pmxcfs)"
      spawn "$host" traffic /bin/bash -c \
        "while mountpoint -q /etc/pve; do date +%s%N > /etc/pve/lab-traffic-$host || true; sleep $(printf '0.%03d' $((1000 / rate))); done" ;;
    off) stop_daemon "$host" traffic ;;
    *) die "usage: traffic HOST on|off [PER_SECOND]" ;;
  esac
}

# --- pmxcfs ------------------------------------------------------------------

build_pmxcfs() {
  [ -x "$PMXCFS_SRC/build.sh" ] ||
    die "--pmxcfs needs Proxmox's pmxcfs sources at $PMXCFS_SRC (../shared/pmxcfs beside the project root, with build.sh); not found"
  mkdir -p "$PMXCFS_BUILD"
  "$PMXCFS_SRC/build.sh" "$PMXCFS_BUILD" >"$PMXCFS_BUILD/build.log" 2>&1 ||
    die "building pmxcfs failed (log: $PMXCFS_BUILD/build.log)"
  getent group www-data >/dev/null || die "pmxcfs needs the group www-data"
  [ -c /dev/fuse ] || die "pmxcfs needs /dev/fuse"
}

# Every node's name resolves to its link-0 address, as on a Proxmox node.
write_hosts_file() { # nodes
  {
    echo "127.0.0.1 localhost"
    for i in $(seq 1 "$1"); do echo "$(link_addr "node$i" 0) node$i"; done
  } > "$LAB_DIR/etc-hosts"
}

# The bind mounts need their mount points on this machine; made only where missing, and
# recorded, so that down removes exactly what up made (and only while empty).
make_mountpoint() { # dir
  [ -d "$1" ] && return 0
  mkdir -p "$1"
  echo "$1" >> "$LAB_DIR/made-mountpoints"
}

remove_mountpoints() {
  local d
  [ -f "$LAB_DIR/made-mountpoints" ] || return 0
  for d in $(tac "$LAB_DIR/made-mountpoints"); do rmdir "$d" 2>/dev/null || true; done
}

start_pmxcfs() { # host
  local host=$1 dir="$LAB_DIR/$1"
  mkdir -p "$dir/pve-cluster"
  # FUSE will not mount over a non-empty folder: pmxcfs would then never become quorate.
  if [ -d /etc/pve ] && ! mountpoint -q /etc/pve && [ -n "$(ls -A /etc/pve)" ]; then
    die "/etc/pve on this machine is not empty: pmxcfs cannot mount over it (move it away first)"
  fi
  make_mountpoint /etc/pve
  make_mountpoint /var/lib/pve-cluster
  in_host "$host" mount --bind "$LAB_DIR/etc-hosts" /etc/hosts
  in_host "$host" mount --bind "$dir/pve-cluster" /var/lib/pve-cluster
  spawn "$host" pmxcfs "$PMXCFS_BUILD/pmxcfs" -f
}

unmount_pmxcfs() { # host
  [ -f "$LAB_DIR/$1/anchor.pid" ] || return 0
  is_ours "$LAB_DIR/$1/anchor.pid" sleep || return 0
  if in_host "$1" mountpoint -q /etc/pve 2>/dev/null; then in_host "$1" umount -l /etc/pve 2>/dev/null || true; fi
}

pmxcfs_members() { in_host "$1" cat /etc/pve/.members 2>/dev/null || true; }

wait_pmxcfs_quorate() { # host seconds
  for _ in $(seq $(($2 * 5))); do
    if pmxcfs_members "$1" | grep -q '"quorate": *1'; then return 0; fi
    sleep 0.2
  done
  die "pmxcfs on $1 not quorate after ${2}s (log: $LAB_DIR/$1/pmxcfs.log)"
}

# Writes FILE under /etc/pve as PVE::Tools::file_set_contents does (a temporary file, then a
# rename), through the host's pmxcfs: refused with "Permission denied" while it is not quorate.
write_pve_file() { # host path content
  in_host "$1" mountpoint -q /etc/pve || die "no pmxcfs at /etc/pve on $1"
  in_host "$1" sh -c 'mkdir -p "$(dirname "$2")" && printf "%s" "$1" > "$2.tmp.$$" && mv "$2.tmp.$$" "$2"' \
    sh "$3" "$2"
}

# The running stand-in LRM: rewrites lrm_status with a fresh timestamp every PERIOD seconds, as
# pve-ha-lrm does each round (~10 s); while the node is not quorate pmxcfs refuses the write and
# the timestamp ages, as it does for the real LRM. Runs inside the host (spawned).
write_lrm_loop() {
  cat > "$LAB_DIR/lrm-standin.sh" <<'LOOP'
#!/bin/sh
# lrm-standin.sh HOST STATE MODE PERIOD
f=/etc/pve/nodes/$1/lrm_status
while :; do
  # Only through pmxcfs: without its mount, /etc/pve is a plain folder of this machine.
  if mountpoint -q /etc/pve; then
    mkdir -p "${f%/*}" 2>/dev/null
    printf '{"timestamp":%s,"state":"%s","mode":"%s","results":{}}' "$(date +%s)" "$2" "$3" \
      > "$f.tmp.$$" 2>/dev/null && mv "$f.tmp.$$" "$f"
  fi
  sleep "$4"
done
LOOP
}

cmd_ha_standin() { # host lrm STATE MODE [--every S] | host manager [NODE=STATUS...]
  local host=$1 what=${2:-} now; now=$(date +%s)
  anchor_pid "$host" >/dev/null
  case "$what" in
    lrm)
      if [ $# -eq 6 ] && [ "$5" = "--every" ] && [[ "$6" =~ ^[1-9][0-9]*$ ]]; then
        write_lrm_loop
        spawn "$host" lrm-standin sh "$LAB_DIR/lrm-standin.sh" "$host" "$3" "$4" "$6"
        return
      fi
      [ $# -eq 4 ] || die "usage: ha-standin HOST lrm STATE MODE [--every SECONDS]"
      write_pve_file "$host" "/etc/pve/nodes/$host/lrm_status" \
        "{\"timestamp\":$now,\"state\":\"$3\",\"mode\":\"$4\",\"results\":{}}" ;;
    manager)
      shift 2
      local nodes="" ns
      for ns in "$@"; do
        [[ "$ns" =~ ^[A-Za-z0-9-]+=[a-z]+$ ]] || die "NODE=STATUS expected, got '$ns'"
        nodes="$nodes${nodes:+,}\"${ns%%=*}\":\"${ns#*=}\""
      done
      write_pve_file "$host" /etc/pve/ha/manager_status \
        "{\"master_node\":\"$host\",\"node_status\":{$nodes},\"service_status\":{},\"timestamp\":$now}" ;;
    *) die "usage: ha-standin HOST lrm STATE MODE | ha-standin HOST manager [NODE=STATUS...]" ;;
  esac
}

cmd_watchdog() { # host on|off
  # watchdog-mux marks a connected client with a directory (mkdir), not a file.
  case "${2:-}" in
    on) in_host "$1" mkdir -p /run/watchdog-mux.active ;;
    off) in_host "$1" rm -rf /run/watchdog-mux.active ;;
    *) die "usage: watchdog HOST on|off" ;;
  esac
}

main() {
  [ $# -ge 1 ] || { usage; exit 2; }
  local cmd=$1; shift
  case "$cmd" in
    up) cmd_up "$@" ;;
    down) need_root; cmd_down ;;
    status) cmd_status ;;
    hosts) hosts ;;
    exec)
      [ $# -ge 3 ] && [ "$2" = "--" ] || die "usage: exec HOST -- CMD"
      local h=$1; shift 2; in_host "$h" "$@" ;;
    spawn)
      [ $# -ge 4 ] || die "usage: spawn HOST NAME [--hide FILE]... -- CMD"
      local h=$1 n=$2 hide=(); shift 2
      while [ "${1:-}" = --hide ] && [ $# -ge 2 ]; do hide+=("$2"); shift 2; done
      [ "${1:-}" = "--" ] && [ $# -ge 2 ] || die "usage: spawn HOST NAME [--hide FILE]... -- CMD"
      shift
      if [ ${#hide[@]} -gt 0 ]; then
        # A mount namespace of the daemon's own, each file covered by /dev/null there (a library
        # that no longer loads), the host's other processes untouched; sh execs CMD, so the pid
        # and the name recorded stay CMD's.
        spawn "$h" "$n" unshare --mount --propagation private sh -c \
          'while [ "$1" != -- ]; do mount --bind /dev/null "$1" || exit 1; shift; done; shift; exec "$@"' \
          sh "${hide[@]}" -- "$@"
        basename "$1" > "$LAB_DIR/$h/$n.comm"
      else
        spawn "$h" "$n" "$@"
      fi
      cat "$LAB_DIR/$h/$n.pid" ;;
    cut) [ $# -ge 1 ] || die "usage: cut HOST [LINK]"; cmd_cut "$@" ;;
    heal) [ $# -ge 1 ] || die "usage: heal HOST [LINK]"; cmd_heal "$@" ;;
    stop) [ $# -eq 2 ] || die "usage: stop HOST DAEMON"; stop_daemon "$1" "$2" ;;
    start) [ $# -eq 2 ] || die "usage: start HOST DAEMON"; start_daemon "$1" "$2" ;;
    freeze) [ $# -eq 2 ] || die "usage: freeze HOST DAEMON"; signal_daemon "$1" "$2" STOP ;;
    thaw) [ $# -eq 2 ] || die "usage: thaw HOST DAEMON"; signal_daemon "$1" "$2" CONT ;;
    expected) [ $# -eq 2 ] || die "usage: expected HOST N"; in_host "$1" corosync-quorumtool -e "$2" ;;
    addr) mgmt_addr "$1" ;;
    wait-quorate) cmd_wait_quorate "$@" ;;
    ha-standin) [ $# -ge 2 ] || die "usage: ha-standin HOST lrm|manager ..."; cmd_ha_standin "$@" ;;
    watchdog) [ $# -eq 2 ] || die "usage: watchdog HOST on|off"; cmd_watchdog "$@" ;;
    loss) cmd_loss "$@" ;;
    block) cmd_block "$@" ;;
    pause) cmd_pause "$@" ;;
    timeouts) cmd_timeouts "$@" ;;
    traffic) cmd_traffic "$@" ;;
    -h|--help|help) usage ;;
    *) usage; exit 2 ;;
  esac
}

main "$@"
