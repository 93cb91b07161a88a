#!/usr/bin/env bash
# Asserts the Alertmanager routing of alert-rules/alertmanager.yml with `amtool config routes test`:
# severity=page goes to "oncall", warning and info go to "ticket" -- for a plain label set and for
# every alert of alert-rules/corosync.rules.yml with the severity the rule sets.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
config="$here/../alertmanager.yml"
rules="$here/../corosync.rules.yml"
"$here/ensure-tools.sh"

passed=0 failed=0
expect_route() { # receiver label=value...
  local want="$1"; shift
  local got
  got="$(amtool config routes test --config.file="$config" "$@" 2>/dev/null)" || true
  if [ "$got" = "$want" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: {$*} routed to '${got}', expected '${want}'" >&2
  fi
}

expect_route oncall severity=page
expect_route ticket severity=warning
expect_route ticket severity=info
expect_route ticket alertname=SomethingWithoutSeverity

# Every alert of the rules file: name and severity as the rule sets them.
alerts=0
while read -r name severity; do
  alerts=$((alerts + 1))
  case "$severity" in
    page) want=oncall ;;
    warning|info) want=ticket ;;
    *) echo "FAIL: $name has unknown severity '$severity'" >&2; failed=$((failed + 1)); continue ;;
  esac
  expect_route "$want" alertname="$name" severity="$severity" cluster_name=lab node_name=node1
done < <(awk '/^ *- alert: /{name=$3} /^ *severity: /{if (name != "") {print name, $2; name=""}}' "$rules")

if [ "$alerts" -eq 0 ]; then
  echo "FAIL: no alerts found in $rules" >&2
  failed=$((failed + 1))
fi
echo "amtool routes: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
