#!/usr/bin/env bash
# The Debian package end to end (run by scripts/test.sh after the build; as root, on a machine
# where the package may be installed and removed again):
#   lintian; dpkg -i; the unit (systemd-analyze verify and its keys); on the lab: the package's
#   uidgid.d file in a node's corosync configuration, corosync-cfgtool -R, the packaged launcher
#   run the way the unit runs it, as the packaged user, and scraped; the QDevice/QNetd sockets
#   granted by the package's drop-ins; a healthy 2-node + QDevice Proxmox lab with the package on
#   every node and the QNetd host fires no alert for 5 minutes (SILENCE_SECONDS); an upgrade to a newer build
#   keeps a changed conffile; dpkg -r; dpkg --purge leaves none of the package's files behind
#   (the system user corosync-exporter stays); a group corosync-exporter without its user is reused.
# Leaves the machine as it found it (package, user and group corosync-exporter, group membership, lab).
#   DEB=path.deb   the package to test (default: the newest in exporter/target/)
set -euo pipefail
cd "$(dirname "$0")/.."
PKG=prometheus-corosync-exporter
LAB=lab/lab.sh
# Other checkouts on this machine share the one lab; LAB_LOCK names the lock they agree on.
LOCK=${LAB_LOCK:-/tmp/corosync-lab.lock}
WORK=$(mktemp -d /tmp/test-package.XXXXXX)

fail() { echo "test-package: FAIL: $*" >&2; exit 1; }
ok() { echo "test-package: ok (${SECONDS}s): $*"; }
[ "$(id -u)" = 0 ] || fail "needs root (dpkg -i, the lab)"

DEB=${DEB:-$(ls -t exporter/target/${PKG}_*_all.deb 2>/dev/null | head -1 || true)}
if [ -z "$DEB" ]; then
  mvn -B -ntp -q -pl exporter package -DskipTests
  DEB=$(ls -t exporter/target/${PKG}_*_all.deb | head -1)
fi
[ -f "$DEB" ] || fail "no package $DEB"
if dpkg-query -W -f '${Status}' "$PKG" 2>/dev/null | grep -q ' installed'; then
  fail "$PKG is installed on this machine already; this test installs and purges it (remove it first)"
fi

# What the machine had before, to restore it.
PUSER=corosync-exporter
user_existed=0; group_existed=0; in_www_data=0
getent group $PUSER >/dev/null && group_existed=1
if getent passwd $PUSER >/dev/null; then
  user_existed=1
  id -nG $PUSER | tr ' ' '\n' | grep -qx www-data && in_www_data=1
fi
exporter_pgid=""
prom_pgid=""
unit_pgids=()
lab_locked=0
cleanup() {
  set +e
  [ -n "$exporter_pgid" ] && kill -- "-$exporter_pgid" 2>/dev/null
  [ -n "$prom_pgid" ] && kill -- "-$prom_pgid" 2>/dev/null
  for g in "${unit_pgids[@]}"; do kill -- "-$g" 2>/dev/null; done
  if [ "$lab_locked" = 1 ]; then $LAB down >/dev/null 2>&1; fi
  dpkg-query -W -f '${Status}' "$PKG" 2>/dev/null | grep -qv 'not-installed' && dpkg --purge "$PKG" >/dev/null 2>&1
  if [ "$user_existed" = 0 ] && getent passwd $PUSER >/dev/null; then
    deluser --quiet --system $PUSER >/dev/null 2>&1
  elif [ "$in_www_data" = 0 ] && id -nG $PUSER 2>/dev/null | tr ' ' '\n' | grep -qx www-data; then
    gpasswd -d $PUSER www-data >/dev/null 2>&1
  fi
  if [ "$group_existed" = 0 ] && getent group $PUSER >/dev/null; then
    delgroup --quiet --system $PUSER >/dev/null 2>&1
  fi
  # Said, not silent: a machine left otherwise than found is worth a line in the log.
  getent passwd $PUSER >/dev/null && [ "$user_existed" = 0 ] && echo "test-package: could not delete user $PUSER" >&2
  getent group $PUSER >/dev/null && [ "$group_existed" = 0 ] && echo "test-package: could not delete group $PUSER" >&2
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- lint -----------------------------------------------------------------------------------
lint_rc=0
lintian --fail-on error,warning "$DEB" > "$WORK/lintian.log" 2>&1 || lint_rc=$?
grep -v 'running with root privileges' "$WORK/lintian.log" || true
[ "$lint_rc" = 0 ] || fail "lintian: errors or warnings (above)"
ok "lintian: no errors, no warnings ($(basename "$DEB"))"

# --- install ----------------------------------------------------------------------------------
dpkg -i "$DEB" > "$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; fail "dpkg -i"; }
grep -q 'corosync-cfgtool -R' "$WORK/install.log" || [ ! -e /etc/corosync/corosync.conf ] \
  || fail "postinst did not print the activation command"
dpkg -L "$PKG" | sort > "$WORK/files"
for f in /usr/share/$PKG/corosync-exporter.jar /usr/bin/$PKG /etc/default/$PKG \
    /etc/$PKG/jvm.options /etc/corosync/uidgid.d/$PKG /lib/systemd/system/$PKG.service \
    /usr/share/doc/$PKG/copyright /usr/share/doc/$PKG/changelog.Debian.gz \
    /usr/share/doc/$PKG/help.txt /usr/share/man/man1/$PKG.1.gz; do
  [ -f "$f" ] || fail "$f not installed"
done
for f in /etc/default/$PKG /etc/$PKG/jvm.options /etc/corosync/uidgid.d/$PKG; do
  dpkg-query --showformat='${Conffiles}\n' --show "$PKG" | grep -q " $f " || fail "$f is not a conffile"
done
getent passwd $PUSER >/dev/null || fail "postinst did not create user $PUSER"
getent group $PUSER >/dev/null || fail "postinst did not create group $PUSER"
[ "$(id -gn $PUSER)" = $PUSER ] || fail "$PUSER's primary group is $(id -gn $PUSER), not $PUSER"
[ "$(getent passwd $PUSER | cut -d: -f6,7)" = /nonexistent:/usr/sbin/nologin ] \
  || fail "$PUSER: home and shell $(getent passwd $PUSER | cut -d: -f6,7)"
[ "$(id -u $PUSER)" -lt 1000 ] || fail "$PUSER is not a system user (uid $(id -u $PUSER))"
if getent group www-data >/dev/null; then
  id -nG $PUSER | tr ' ' '\n' | grep -qx www-data || fail "$PUSER is not in group www-data"
fi
ok "installed: $(wc -l < "$WORK/files") paths, user $PUSER ($(id $PUSER))"

# --- the unit ---------------------------------------------------------------------------------
UNIT=/lib/systemd/system/$PKG.service
if command -v systemd-analyze >/dev/null; then
  out=$(systemd-analyze verify "$UNIT" 2>&1) || fail "systemd-analyze verify: $out"
  [ -z "$out" ] || fail "systemd-analyze verify: $out"
  ok "systemd-analyze verify: clean"
fi
unit_key() { sed -n "s/^$1=//p" "$UNIT"; }
[ "$(unit_key User)" = $PUSER ] && [ "$(unit_key Group)" = $PUSER ] || fail "unit: User, Group"
[ "$(unit_key EnvironmentFile)" = /etc/default/$PKG ] || fail "unit: EnvironmentFile"
[ "$(unit_key ExecStart)" = "/usr/bin/$PKG \$ARGS" ] || fail "unit: ExecStart"
[ "$(unit_key Restart)" = on-failure ] || fail "unit: Restart"
[ "$(unit_key NoNewPrivileges)" = yes ] && [ "$(unit_key ProtectSystem)" = strict ] || fail "unit: hardening"
grep -q '^MemoryDenyWriteExecute' "$UNIT" && fail "unit: MemoryDenyWriteExecute breaks the JIT"
grep -q '^PrivateNetwork' "$UNIT" && fail "unit: PrivateNetwork hides corosync's abstract IPC sockets"
ok "unit keys: User, Group, EnvironmentFile, ExecStart \$ARGS, Restart=on-failure, hardening"

# --- the launcher on every Java installed (17; 21 and 25 where present) -------------------------
for jh in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64; do
  [ -x "$jh/bin/java" ] || continue
  v=$(runuser -u $PUSER -- env JAVA_HOME="$jh" /usr/bin/$PKG --version) || fail "launcher on $jh"
  ok "launcher as $PUSER on $(basename "$jh"): $v"
done

# --- on the lab: the packaged user and launcher against real corosync --------------------------
exec 9>"$LOCK"
flock 9
lab_locked=1
$LAB down >/dev/null 2>&1 || true
# With Proxmox's pmxcfs beside the project (../shared/pmxcfs, as for the Proxmox lab tests), the
# nodes get their /etc/pve too, so the pve collector is checked as the package's user as well.
pmxcfs=()
if [ -x "${LAB_PMXCFS_SRC:-../shared/pmxcfs}/build.sh" ]; then
  pmxcfs=(--pmxcfs)
elif [ "${CI:-}" = true ]; then
  fail "pmxcfs sources not found at ${LAB_PMXCFS_SRC:-../shared/pmxcfs} (CI=true: the pve check must run)"
else
  echo "test-package: pmxcfs sources not found at ${LAB_PMXCFS_SRC:-../shared/pmxcfs}: the pve collector is not checked"
fi
$LAB up --nodes 2 --qdevice --links 1 "${pmxcfs[@]}" || fail "the lab did not start"
LAB_DIR=${LAB_DIR:-/tmp/corosync-lab}
as_user() { $LAB exec "$1" -- runuser -u $PUSER -- "${@:2}"; }
out=$(as_user node1 corosync-quorumtool -s 2>&1) && fail "quorumtool ran as $PUSER before uidgid.d: $out"
echo "$out" | grep -q 'Cannot initialize CMAP service' || fail "before uidgid.d: $out"
ok "before uidgid.d + reload: $out"
for h in node1 node2; do
  mkdir -p "$LAB_DIR/$h/etc/uidgid.d"
  cp /etc/corosync/uidgid.d/$PKG "$LAB_DIR/$h/etc/uidgid.d/"
done
$LAB exec node1 -- corosync-cfgtool -R >/dev/null || fail "corosync-cfgtool -R"
# Captured first: grep -q ending a pipe early would fail it (pipefail) with the tool's SIGPIPE.
out=$(as_user node1 corosync-quorumtool -s) || fail "quorumtool -s as $PUSER: $out"
grep -q '^Quorate: *Yes' <<< "$out" || fail "quorumtool -s as $PUSER: $out"
out=$(as_user node1 corosync-cfgtool -s) || fail "cfgtool -s as $PUSER: $out"
grep -q 'LINK ID 0' <<< "$out" || fail "cfgtool -s as $PUSER: $out"
out=$(as_user node1 corosync-cmapctl -m stats) || fail "cmapctl -m stats as $PUSER"
grep -q '^stats\.' <<< "$out" || fail "cmapctl -m stats as $PUSER: no stats"
ok "after uidgid.d + corosync-cfgtool -R: quorumtool -s, cfgtool -s, cmapctl -m stats as $PUSER"
# QDevice and QNetd: their sockets refuse the user until the package's drop-in has run its
# ExecStartPost (systemd is not PID 1 here: the lab starts the daemons, so the test runs the
# drop-in's command itself, in each host's own /run, as systemd does after each start).
out=$(as_user qnetd corosync-qnetd-tool -s 2>&1) && fail "qnetd-tool ran as $PUSER before the grant: $out"
echo "$out" | grep -q 'Permission denied' || fail "qnetd-tool as $PUSER: $out"
out=$(as_user node1 corosync-qdevice-tool -s 2>&1) && fail "qdevice-tool ran as $PUSER before the grant: $out"
echo "$out" | grep -q 'Permission denied' || fail "qdevice-tool as $PUSER: $out"
ok "before the drop-ins' grant: qdevice-tool and qnetd-tool as $PUSER refused"
dropin_command() { # daemon
  local f=/lib/systemd/system/corosync-$1.service.d/$PKG.conf
  [ -f "$f" ] || fail "drop-in $f not installed"
  sed -n 's/^ExecStartPost=-+//p' "$f"
}
read -r -a grant_qdevice <<< "$(dropin_command qdevice)"
read -r -a grant_qnetd <<< "$(dropin_command qnetd)"
for h in node1 node2; do $LAB exec "$h" -- "${grant_qdevice[@]}" >/dev/null || fail "drop-in grant on $h"; done
$LAB exec qnetd -- "${grant_qnetd[@]}" >/dev/null || fail "drop-in grant on qnetd"
out=$(as_user node1 corosync-qdevice-tool -s) || fail "qdevice-tool -s as $PUSER after the grant: $out"
grep -q '^State:[[:space:]]*Connected' <<< "$out" || fail "qdevice-tool -s as $PUSER: $out"
out=$(as_user qnetd corosync-qnetd-tool -s) || fail "qnetd-tool -s as $PUSER after the grant: $out"
grep -q '^Connected clients:[[:space:]]*2' <<< "$out" || fail "qnetd-tool -s as $PUSER: $out"
# Nobody else gains anything: another unprivileged user is still refused.
out=$($LAB exec node1 -- runuser -u nobody -- corosync-qdevice-tool -s 2>&1) && fail "qdevice-tool ran as nobody: $out"
echo "$out" | grep -q 'Permission denied' || fail "qdevice-tool as nobody: $out"
ok "after the drop-ins' grant: qdevice-tool -s and qnetd-tool -s as $PUSER; nobody still refused"

# The unit's command line (ExecStart with ARGS from the EnvironmentFile, split into words as
# systemd does), as the unit's user, with the unit's privilege limits that can matter for
# corosync's IPC: no new privileges, no capabilities, a read-only file system with a private /tmp.
# (systemd itself is not PID 1 here: the other sandboxing keys are checked by systemd-analyze.)
ARGS=$(. /etc/default/$PKG; echo "$ARGS")
read -r -a exec_start <<< "$(unit_key ExecStart)"
# The unit's Environment= (MALLOC_ARENA_MAX), as systemd sets it before the EnvironmentFile.
mapfile -t unit_env < <(unit_key Environment)
cmd=("${exec_start[@]:0:1}")
read -r -a extra <<< "$ARGS"
cmd+=("${extra[@]}")
# JAVA_HOME as /etc/default/prometheus-corosync-exporter may set it ("" = the default java).
scrape_as_unit() {
  local java_home=$1 label=${1:-default java}
  rm -f "$WORK/metrics"
  setsid $LAB exec node1 -- env "${unit_env[@]}" JAVA_HOME="$java_home" RUN_AS="$PUSER" unshare -m --propagation private -- sh -c '
      [ -n "$JAVA_HOME" ] || unset JAVA_HOME
      mount -o remount,bind,ro / && mount -o remount,bind,ro /run && mount -t tmpfs -o mode=1777 tmpfs /tmp &&
      exec setpriv --reuid "$RUN_AS" --regid "$RUN_AS" --init-groups --no-new-privs \
        --bounding-set -all --inh-caps -all -- "$@"' sh "${cmd[@]}" > "$WORK/exporter.log" 2>&1 &
  exporter_pgid=$!
  local url; url="http://$($LAB addr node1):9679/metrics"
  for _ in $(seq 120); do curl -sf -o "$WORK/metrics" "$url" && break; sleep 0.5; done
  [ -s "$WORK/metrics" ] || { cat "$WORK/exporter.log"; fail "no answer from $url ($label)"; }
  # One more scrape: the first may come before the configuration watch has settled.
  sleep 1; curl -sf -o "$WORK/metrics" "$url" || fail "scrape $url ($label)"
  for c in quorum config links; do
    [ "$(success "$c")" = 1 ] || { grep collector_success "$WORK/metrics"; cat "$WORK/exporter.log"; fail "collector $c failed as $PUSER ($label)"; }
  done
  grep -Eq '^corosync_quorate(\{[^}]*\})? 1(\.0)?$' "$WORK/metrics" || fail "corosync_quorate not 1 ($label)"
  # The unit's default is the connection path, unprivileged too (uidgid.d grants the IPC).
  for c in quorum config links; do
    grep -Eq "^corosync_exporter_collector_source\{.*collector=\"$c\".*source=\"native\".* 1(\.0)?\$" "$WORK/metrics" ||
      { grep collector_source "$WORK/metrics"; fail "collector $c not on the connection path as $PUSER ($label)"; }
  done
  if [ ${#pmxcfs[@]} -gt 0 ]; then
    # /etc/pve is root:www-data 0640: readable through the package's www-data membership.
    [ "$(success pve)" = 1 ] || { grep collector_success "$WORK/metrics"; cat "$WORK/exporter.log"; fail "collector pve failed as $PUSER ($label)"; }
    grep -Eq '^corosync_pve_pmxcfs_quorate(\{[^}]*\})? 1(\.0)?$' "$WORK/metrics" || fail "corosync_pve_pmxcfs_quorate not 1 ($label)"
  fi
  [ "$(success qdevice)" = 1 ] || { grep collector_success "$WORK/metrics"; cat "$WORK/exporter.log"; fail "collector qdevice failed as $PUSER ($label)"; }
  # Local mode asks the qdevice daemon over its socket (the grant above: g+w), starting no tool.
  grep '^corosync_exporter_collector_source{' "$WORK/metrics" | grep 'collector="qdevice"' | grep -q 'source="socket".* 1' ||
    fail "qdevice not asked over its socket ($label)"
  ! grep -q 'tool="corosync-qdevice-tool"' "$WORK/metrics" || fail "corosync-qdevice-tool ran ($label)"
  local jvm; jvm=$(readlink "/proc/$(pgrep -g "$exporter_pgid" -x java | head -1)/exe" || true)
  [ -z "$java_home" ] || [ "$jvm" = "$java_home/bin/java" ] || fail "ran $jvm, not $java_home/bin/java"
  # The next run needs the port: wait until every process of this one has gone.
  kill -- "-$exporter_pgid" 2>/dev/null || true
  for _ in $(seq 50); do pgrep -g "$exporter_pgid" >/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$exporter_pgid" 2>/dev/null || true
  wait "$exporter_pgid" 2>/dev/null || true
  exporter_pgid=""
  ok "scrape as $PUSER on $label ($jvm): quorum, config, links (connection path), qdevice (socket)${pmxcfs:+, pve} succeed"
}
# 1 or 0 (the text format writes 1.0), empty when the collector is not in the scrape.
success() { grep "^corosync_exporter_collector_success{.*collector=\"$1\"" "$WORK/metrics" | awk '{print ($NF + 0)}'; }
scrape_as_unit ""
if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then scrape_as_unit /usr/lib/jvm/temurin-25-jdk-amd64; fi

# --- silence: a healthy 2-node + QDevice Proxmox VE cluster pages nobody -----------------------
# The package's unit command line as its user on both nodes and on the QNetd host, HA active on
# both nodes (stand-ins: LRMs rewriting lrm_status every 10 s and holding the watchdog, node1 the
# CRM master), Debian's Prometheus scraping every 15 s with the shipped rules unchanged: for
# SILENCE_SECONDS (default 300) not one alert of any severity may be firing or even pending.
SILENCE_SECONDS=${SILENCE_SECONDS:-300}
if [ ${#pmxcfs[@]} -gt 0 ]; then
  for h in node1 node2; do
    $LAB ha-standin "$h" lrm active active --every 10 >/dev/null || fail "stand-in LRM on $h"
    $LAB watchdog "$h" on >/dev/null || fail "stand-in watchdog marker on $h"
  done
  $LAB ha-standin node1 manager node1=online node2=online >/dev/null || fail "stand-in CRM on node1"
  # Cluster traffic (pmxcfs writes, ten a second): an idle corosync has nothing to retransmit, so
  # the leading indicators' rules are held to a ring that carries something.
  $LAB traffic node1 on >/dev/null || fail "traffic on node1"
fi
unit_pgids=()
start_unit() { # host
  setsid $LAB exec "$1" -- env RUN_AS="$PUSER" unshare -m --propagation private -- sh -c '
      mount -o remount,bind,ro / && mount -o remount,bind,ro /run && mount -t tmpfs -o mode=1777 tmpfs /tmp &&
      exec setpriv --reuid "$RUN_AS" --regid "$RUN_AS" --init-groups --no-new-privs \
        --bounding-set -all --inh-caps -all -- "$@"' sh "${cmd[@]}" > "$WORK/exporter-$1.log" 2>&1 &
  unit_pgids+=($!)
}
stop_units() {
  local g
  for g in "${unit_pgids[@]}"; do kill -- "-$g" 2>/dev/null || true; done
  for g in "${unit_pgids[@]}"; do
    for _ in $(seq 50); do pgrep -g "$g" >/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$g" 2>/dev/null || true; wait "$g" 2>/dev/null || true
  done
  unit_pgids=()
}
for h in node1 node2 qnetd; do start_unit "$h"; done
PROM_PORT=${PROM_PORT:-19391}
mkdir -p "$WORK/prometheus"
cat > "$WORK/prometheus.yml" <<PROM
global:
  scrape_interval: 15s
  scrape_timeout: 10s
  evaluation_interval: 15s
rule_files: ['$PWD/alert-rules/corosync.rules.yml']
scrape_configs:
  - job_name: corosync
    static_configs:
      - targets: ['$($LAB addr node1):9679', '$($LAB addr node2):9679']
  - job_name: corosync-qnetd
    static_configs:
      - targets: ['$($LAB addr qnetd):9679']
PROM
setsid prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prometheus" \
  --web.listen-address="127.0.0.1:$PROM_PORT" > "$WORK/prometheus.log" 2>&1 &
prom_pgid=$!
promql() { curl -sf --get "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode "query=$1"; }
# Counted from when every target answers and a rule evaluation has seen them: an alert pending
# before the first scrape (absent(up)) is Prometheus starting, not the cluster.
for _ in $(seq 120); do
  [ "$(promql 'count(up == 1)' | grep -o '"value":\[[^]]*\]' | grep -o '"[0-9]*"]' | tr -d '"]')" = 3 ] && break
  sleep 1
done
promql 'count(up == 1)' | grep -q '"3"\]' || { promql up; tail -20 "$WORK"/exporter-*.log; fail "silence: not all 3 exporters scraped"; }
sleep 30
start=$SECONDS
while [ $((SECONDS - start)) -lt "$SILENCE_SECONDS" ]; do
  sleep 15
  alerts=$(promql 'ALERTS') || fail "silence: Prometheus query"
  grep -q '"result":\[\]' <<< "$alerts" || { echo "$alerts"; fail "silence: alerts after $((SECONDS - start)) s of a healthy cluster"; }
done
# Between the samples too: every evaluation of the window.
alerts=$(promql "count_over_time(ALERTS[${SILENCE_SECONDS}s])") || fail "silence: Prometheus query"
grep -q '"result":\[\]' <<< "$alerts" || { echo "$alerts"; fail "silence: an alert was pending or firing within the window"; }
failing=$(promql 'corosync_exporter_collector_success == 0')
grep -q '"result":\[\]' <<< "$failing" || { echo "$failing"; fail "silence: a collector is failing"; }
collectors=$(promql 'count(corosync_exporter_collector_success == 1)' | grep -o '"[0-9]*"\]' | tr -d '"]')
# What the healthy ring measured, for the rules' thresholds (alert-rules/corosync.rules.yml).
value() { promql "$1" | grep -o '"value":\[[^]]*\]' | sed 's/.*,"\(.*\)"\]/\1/' | head -1; }
retx=$(value "sum(increase(corosync_totem_retransmits_total[${SILENCE_SECONDS}s]))")
pings=$(value "sum(increase(corosync_knet_link_pings_sent_total[${SILENCE_SECONDS}s]))")
pongs=$(value "sum(increase(corosync_knet_link_pongs_received_total[${SILENCE_SECONDS}s]))")
[ -n "$retx" ] && [ -n "$pings" ] || fail "silence: no leading-indicator series (corosync_totem_retransmits_total, corosync_knet_link_pings_sent_total)"
echo "silence: healthy ring over ${SILENCE_SECONDS} s: ${retx} retransmits, ${pongs} pongs for ${pings} pings"
kill -- "-$prom_pgid" 2>/dev/null || true; wait "$prom_pgid" 2>/dev/null || true; prom_pgid=""
stop_units
ok "silence: 2 nodes + QDevice${pmxcfs:+ with pmxcfs and HA stand-ins} and the QNetd host, unprivileged, $collectors collectors succeeding: no alert firing or pending for ${SILENCE_SECONDS} s"
$LAB down >/dev/null
lab_locked=0
flock -u 9

# --- upgrade to a newer build: a changed conffile stays ----------------------------------------
echo "# changed by test-package" >> /etc/default/$PKG
version=$(dpkg-query -W -f '${Version}' "$PKG")
# The same jar under a higher version: 0.1.0~SNAPSHOT-1 becomes 0.1.0~SNAPSHOT.1-1.
packaging/deb/build-deb.sh /usr/share/$PKG/corosync-exporter.jar "${version%-*}.1" "$WORK" > /dev/null
dpkg -i "$WORK"/${PKG}_*_all.deb > "$WORK/upgrade.log" 2>&1 || { cat "$WORK/upgrade.log"; fail "upgrade"; }
new_version=$(dpkg-query -W -f '${Version}' "$PKG")
dpkg --compare-versions "$new_version" gt "$version" || fail "upgrade: $version -> $new_version"
grep -q '^# changed by test-package' /etc/default/$PKG || fail "upgrade replaced the changed conffile"
ok "upgrade $version -> $new_version kept the changed /etc/default/$PKG"

# --- remove, purge ----------------------------------------------------------------------------
dpkg -r "$PKG" >/dev/null || fail "dpkg -r"
[ ! -e /usr/bin/$PKG ] || fail "dpkg -r left /usr/bin/$PKG"
[ -f /etc/default/$PKG ] || fail "dpkg -r removed the conffiles"
dpkg --purge "$PKG" >/dev/null || fail "dpkg --purge"
left=()
while read -r f; do
  # Directories other packages share (/etc/default, /usr/bin, ...) stay; every file goes.
  # (/lib is a symlink to usr/lib on a merged-/usr system: still a shared directory.)
  if [ -d "$f" ]; then
    case "$f" in /etc/$PKG|/usr/share/$PKG|/usr/share/doc/$PKG) [ -e "$f" ] && left+=("$f") ;; esac
  elif [ -e "$f" ] || [ -L "$f" ]; then left+=("$f"); fi
done < "$WORK/files"
for f in /etc/systemd/system/multi-user.target.wants/$PKG.service \
    /var/lib/systemd/deb-systemd-helper-enabled/$PKG.service.dsh-also; do
  [ -e "$f" ] && left+=("$f")
done
[ ${#left[@]} -eq 0 ] || fail "dpkg --purge left: ${left[*]}"
getent passwd $PUSER >/dev/null && getent group $PUSER >/dev/null \
  || fail "purge removed the system user or group (Debian keeps them)"
ok "dpkg -r kept the conffiles; dpkg --purge left none of $(wc -l < "$WORK/files") paths; user and group kept"

# --- a group left without its user (a user deleted by hand) is reused, not refused -------------
# Only where this test created the user: a user that was there before is not ours to delete.
if [ "$user_existed" = 0 ]; then
  deluser --quiet --system $PUSER >/dev/null 2>&1 || fail "deluser $PUSER"
  getent group $PUSER >/dev/null || addgroup --quiet --system $PUSER >/dev/null
  gid=$(getent group $PUSER | cut -d: -f3)
  dpkg -i "$DEB" > "$WORK/reinstall.log" 2>&1 || { cat "$WORK/reinstall.log"; fail "dpkg -i with group $PUSER left without its user"; }
  [ "$(id -g $PUSER)" = "$gid" ] || fail "reinstall: $PUSER's primary group is $(id -g $PUSER), not the existing $gid"
  dpkg --purge "$PKG" >/dev/null || fail "dpkg --purge after the reinstall"
  ok "a group $PUSER left without its user: reused (gid $gid)"
fi
echo "test-package: all passed"
