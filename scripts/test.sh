#!/usr/bin/env bash
# Every test: parsers and collectors (unit), alert rules and dashboards (promtool, amtool), the
# end-to-end tests against a real corosync cluster in network namespaces (lab/lab.sh), and the Debian
# package (scripts/test-package.sh: lint, install, run as its user on the lab, upgrade, purge). Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
  echo "test: the lab tests need root (network namespaces); run: sudo $0" >&2
  exit 1
fi
scripts/install-deps.sh
# A lab left behind by an interrupted run would hold the namespaces the tests need.
lab/lab.sh down >/dev/null 2>&1 || true
mvn -B -ntp verify -Dbuild.revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$@"
# The .deb that verify built (package phase), installed, run on the lab and purged again.
scripts/test-package.sh
