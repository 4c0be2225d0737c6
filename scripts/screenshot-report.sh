#!/usr/bin/env bash
# Renders a Tandem demo report (report.html) with headless Chromium and saves a PNG screenshot, to check
# that the page and its inline SVG charts render without a network.
#
# Usage: scripts/screenshot-report.sh [report.html] [out.png] [width,height]
#   report.html  default: tandem-report/report.html
#   out.png      default: the report's path with .png instead of .html
#   width,height default: 1280,2000
# Needs Debian's `chromium` package (apt-get install -y chromium), or CHROMIUM=/path/to/chrome.
set -euo pipefail

report=${1:-tandem-report/report.html}
if [[ ! -f "$report" ]]; then
  echo "screenshot-report: no such file: $report (run the demo first: java -jar control-agent/target/tandem-agent.jar demo)" >&2
  exit 2
fi
abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
out=${2:-${abs%.html}.png}
size=${3:-1280,2000}

chromium=${CHROMIUM:-}
if [[ -z "$chromium" ]]; then
  for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then chromium=$c; break; fi
  done
fi
if [[ -z "$chromium" ]]; then
  echo "screenshot-report: Chromium not found; install it (apt-get install -y chromium) or set CHROMIUM" >&2
  exit 2
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# A fresh profile and no background traffic: the page must render from the file alone.
"$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --window-size="$size" --screenshot="$out" "file://$abs" >/dev/null 2>&1

if [[ ! -s "$out" ]]; then
  echo "screenshot-report: Chromium wrote no screenshot to $out" >&2
  exit 1
fi
echo "$out"
