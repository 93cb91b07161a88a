#!/usr/bin/env bash
# Installs what building, the lab and the tests need, from Debian's packages (or only the packages
# named as arguments). Installs only what is missing, and keeps the packaged services (corosync,
# prometheus, ...) from starting: the lab and the tests start their own instances in namespaces and
# on loopback.
set -euo pipefail
ALL=(
  openjdk-17-jdk-headless maven
  corosync corosync-qdevice corosync-qnetd
  prometheus prometheus-alertmanager prometheus-hacluster-exporter
  openssh-server openssh-client
  iproute2 util-linux procps coreutils curl
  # the lab's network faults (loss, one-way blocks: this kernel has no netem)
  nftables
  # the lab's Proxmox VE nodes: what ../shared/pmxcfs/build.sh needs to build pmxcfs (it installs
  # them itself too) and FUSE for its /etc/pve
  gcc make pkg-config libcpg-dev libcmap-dev libcorosync-common-dev libquorum-dev libqb-dev
  libglib2.0-dev libfuse-dev libsqlite3-dev librrd-dev fuse
  # the Debian package's checks (lintian, systemd-analyze) and its postinst (adduser)
  lintian systemd adduser
)
if [ $# -gt 0 ]; then PACKAGES=("$@"); else PACKAGES=("${ALL[@]}"); fi
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
[ "$(id -u)" = 0 ] || { echo "install-deps: ${missing[*]} missing; run as root (apt-get)" >&2; exit 1; }
echo "install-deps: installing ${missing[*]}" >&2
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && own_policy=1
fi
trap '[ $own_policy = 1 ] && rm -f "$policy"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
