#!/usr/bin/env bash
# Installs what building, the lab and the tests need, from Debian's packages. Installs only what is
# missing, and keeps the packaged services (corosync, prometheus, ...) from starting: the lab and the
# tests start their own instances in namespaces and on loopback.
set -euo pipefail
PACKAGES=(
  openjdk-17-jdk-headless maven
  corosync corosync-qdevice corosync-qnetd
  prometheus prometheus-alertmanager prometheus-hacluster-exporter
  openssh-server openssh-client
  iproute2 util-linux procps coreutils curl
)
[ "$(id -u)" = 0 ] || { echo "install-deps: needs root (apt-get)" >&2; exit 1; }
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}"
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && own_policy=1
fi
trap '[ $own_policy = 1 ] && rm -f "$policy"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
