#!/usr/bin/env bash
# Load test of `report_exporter serve`: many clients scrape /metrics at once, first alone, then
# while the rules reload every 100 ms; prints one Markdown table on stdout, progress on stderr.
#
#   scripts/load.sh                                  # 200 clients, 20 s per case, the bundled seeds
#   LOAD_DURATION=60s LOAD_CLIENTS=500 scripts/load.sh
#   LOAD_RELOAD=sighup scripts/load.sh               # reload by SIGHUP instead of POST /-/reload
#   scripts/load.sh /srv/reports                     # serve a folder instead of the seeds
#
# The exporter and the load generator (internal/load) are built into LOAD_DIR (default: a new
# folder under /tmp). Everything listens on 127.0.0.1 only; the exporter started here is
# stopped by its pid on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${LOAD_DURATION:-20s}
clients=${LOAD_CLIENTS:-200}
reload=${LOAD_RELOAD:-http}
interval=${LOAD_RELOAD_INTERVAL:-100ms}
work=${LOAD_DIR:-$(mktemp -d /tmp/report_exporter-load.XXXXXX)}
mkdir -p "$work"
log() { echo "load: $*" >&2; }

exporter_pid=
cleanup() {
	if [[ -n $exporter_pid ]]; then kill "$exporter_pid" 2>/dev/null || true; wait "$exporter_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

log "building into $work"
go build -o "$work/report_exporter" ./cmd/report_exporter
go build -o "$work/load" ./internal/load

port=$("$work/load" -free-port)
url=http://127.0.0.1:$port/metrics
log "starting report_exporter serve on 127.0.0.1:$port${1:+ with $*} (log in $work/exporter.log)"
"$work/report_exporter" serve --web.listen-address="127.0.0.1:$port" --web.enable-lifecycle "$@" \
	>"$work/exporter.log" 2>&1 &
exporter_pid=$!

log "$clients clients for $duration, no reloads"
"$work/load" -url "$url" -clients "$clients" -duration "$duration" -wait-ready -header \
	-case "no reloads" >"$work/table.md"
log "$clients clients for $duration, reload ($reload) every $interval"
"$work/load" -url "$url" -clients "$clients" -duration "$duration" -reload "$reload" \
	-reload.interval "$interval" -pid "$exporter_pid" -case "reload ($reload) every $interval" >>"$work/table.md"
size=$(curl -fsS -H 'Accept-Encoding: gzip' "$url" | wc -c) || size='?'
plain=$(curl -fsS "$url" | wc -c) || plain='?'

echo "### /metrics under load: \`report_exporter serve\`${1:+ $*}, $clients clients for $duration each"
echo
cat "$work/table.md"
echo
echo "Body: $plain bytes, $size gzipped. Machine: $(nproc) cores, $(lscpu | awk -F': *' '/Model name/ {print $2; exit}'), $(free -g | awk '/Mem:/ {print $2}') GiB; $(go version | awk '{print $3}'); the load generator runs on the same machine."
