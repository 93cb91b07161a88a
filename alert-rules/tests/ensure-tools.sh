#!/usr/bin/env bash
# Makes sure promtool and amtool (Debian packages prometheus, prometheus-alertmanager) are there.
# CI machines start fresh, so every script that needs the tools calls this first.
set -euo pipefail
"$(dirname "$0")/../../scripts/install-deps.sh" prometheus prometheus-alertmanager
command -v promtool >/dev/null && command -v amtool >/dev/null
