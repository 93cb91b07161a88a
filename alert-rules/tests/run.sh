#!/usr/bin/env bash
# Checks everything under alert-rules/ without Maven: rule syntax, rule unit tests, Alertmanager
# config and routing, and that the PrometheusRule manifest matches the rules file.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
tests/ensure-tools.sh
promtool check rules corosync.rules.yml
promtool test rules tests/*_test.yml
amtool check-config alertmanager.yml
tests/amtool-routes-test.sh
./generate-prometheusrule.sh --check
