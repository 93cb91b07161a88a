#!/usr/bin/env bash
# Installs promtool and amtool (Debian packages prometheus, prometheus-alertmanager) when they are
# missing. CI machines start fresh, so every script that needs the tools calls this first.
# The packaged daemons are kept from starting (policy-rc.d): only the CLI tools are wanted, and the
# tests start their own Alertmanager on a free loopback port.
set -euo pipefail
missing=()
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "ensure-tools: ${missing[*]} missing; run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "ensure-tools: installing ${missing[*]} (for promtool/amtool)" >&2
  policy=/usr/sbin/policy-rc.d
  own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && own_policy=1
  fi
  trap '[ $own_policy = 1 ] && rm -f "$policy"' EXIT
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
command -v promtool >/dev/null && command -v amtool >/dev/null
