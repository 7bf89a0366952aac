#!/usr/bin/env bash
# Whole-run benchmarks of report_exporter; prints one Markdown table on stdout, progress on stderr.
#
#   scripts/bench.sh                 # real text (REAL_COPIES), 1 MB and 100 MB generated corpora, a few minutes
#   BENCH_FULL=1 scripts/bench.sh    # adds the 1 GB corpus
#
# BENCH_DIR (default: a new folder under /tmp) keeps the corpora between runs; BENCH_SEED picks
# the corpus. Needs /usr/bin/time, rg, promtool, victoria-metrics and python3, and installs
# what is missing with apt-get (SKIP_INSTALL=1 does not). Everything
# listens on 127.0.0.1 only; the VictoriaMetrics started here is stopped by its pid on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/deps.sh
source scripts/deps.sh
install_missing rg:ripgrep promtool:prometheus victoria-metrics:victoria-metrics /usr/bin/time:time python3:python3
root=$PWD
work=${BENCH_DIR:-$(mktemp -d /tmp/report_exporter-bench.XXXXXX)}
seed=${BENCH_SEED:-1}
sizes=(1MB 100MB)
[[ ${BENCH_FULL:-0} == 1 ]] && sizes+=(1GB)
mkdir -p "$work/bin"
log() { echo "bench: $*" >&2; }

vm_pid=
cleanup() {
	if [[ -n $vm_pid ]]; then kill "$vm_pid" 2>/dev/null || true; wait "$vm_pid" 2>/dev/null || true; fi
	rm -rf "$work/vm-data" "$work/tsdb"
}
trap cleanup EXIT

log "building into $work/bin"
go build -o "$work/bin/report_exporter" ./cmd/report_exporter
go build -o "$work/bin/corpus" ./internal/corpus
bin=$work/bin/report_exporter

"$work/bin/corpus" -rules 0 -out "$work/rules-default.yaml" -aliases "$work/aliases-default.txt"
"$work/bin/corpus" -rules 200 -out "$work/rules-200.yaml" -aliases "$work/aliases-200.txt"
"$bin" check --config.file "$work/rules-200.yaml" >/dev/null

# timed CMD...: runs CMD under /usr/bin/time -v and sets wall (seconds), rss (KiB), cpu (%).
timed() {
	/usr/bin/time -v -o "$work/time.txt" "$@" || log "exit status $? of $1 (see $work)"
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$work/time.txt")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
	cpu=$(awk -F': ' '/Percent of CPU/ {sub("%","",$2); print $2}' "$work/time.txt")
}
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.1f}" 'BEGIN { if (b > 0) printf f, a / b; else print "-" }'; }

# The real corpus: the excerpts of real reports under extract/testdata/real and the seeds, with
# their sidecars, copied REAL_COPIES times (default 60: about 70 MB in 15,000 files), each copy
# in its own folder. Real text is denser in figures than the generated corpus.
real_copies=${REAL_COPIES:-60}
real=$work/corpus-real
if [[ ! -f $real/.complete-$real_copies ]]; then
	log "copying the real corpus $real_copies times"
	rm -rf "$real"
	for i in $(seq -w 1 "$real_copies"); do
		mkdir -p "$real/reports/c$i"
		cp extract/testdata/real/reports/* seeds/* "$real/reports/c$i/"
	done
	touch "$real/.complete-$real_copies"
fi

rows=()
for size in real "${sizes[@]}"; do
	dir=$work/corpus-$size
	if [[ $size != real && ! -f $dir/expected-core.tsv ]]; then
		log "generating the $size corpus"
		rm -rf "$dir"
		"$work/bin/corpus" -size "$size" -out "$dir" -seed "$seed" >&2
	fi
	bytes=$(find "$dir/reports" -type f ! -name '*.meta.yaml' -printf '%s\n' | awk '{s+=$1} END {print s}')
	docs=$(find "$dir/reports" -type f ! -name '*.meta.yaml' | wc -l)
	mb=$(div "$bytes" 1000000 %.0f)
	find "$dir/reports" -type f -exec cat {} + >/dev/null # warm the page cache: every run reads from memory
	for rules in default 200; do
		for procs in 1 2; do
			log "$size, $rules rules, GOMAXPROCS=$procs: ripgrep"
			timed rg -j "$procs" -c -F -f "$work/aliases-$rules.txt" "$dir/reports" >/dev/null
			rg_mbs=$(div "$bytes" "$(awk -v w="$wall" 'BEGIN{print w*1e6}')")
			log "$size, $rules rules, GOMAXPROCS=$procs: extract"
			timed env GOMAXPROCS=$procs "$bin" extract --config.file "$work/rules-$rules.yaml" "$dir/reports" \
				>"$work/extract.jsonl" 2>"$work/extract.err"
			mbs=$(div "$bytes" "$(awk -v w="$wall" 'BEGIN{print w*1e6}')")
			score=-
			if [[ -f $dir/expected-core.tsv ]]; then
				score=$("$work/bin/corpus" -score "$dir/expected-core.tsv" -extract "$work/extract.jsonl" 2>&1 | tail -1 |
					awk '{printf "%s / %s", $2, $5}') || true
			fi
			label="$mb MB, $docs docs"
			[[ $size == real ]] && label="real text, $label"
			rows+=("| $label | $rules | $procs | $wall | $mbs | $(div "$docs" "$wall" %.0f) | $cpu% | $(div "$rss" 1024 %.0f) | $rg_mbs | $(div "$mbs" "$rg_mbs" %.2f) | $score |")
		done
	done
done

echo "### Extraction: \`report_exporter extract DIR\` against \`rg -c -F -f aliases.txt DIR\`"
echo
echo "| corpus | rules | GOMAXPROCS (rg -j) | wall s | MB/s | docs/s | CPU | peak RSS MiB | rg MB/s | share of rg | recall / precision |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
echo

# /metrics and the OpenMetrics writer, from the Go benchmarks.
log "go test -bench Collect|OpenMetrics"
go test -run '^$' -bench 'BenchmarkCollect|BenchmarkOpenMetrics$|BenchmarkWriteOpenMetrics$' -benchtime 1x -count 1 ./exporter/ ./history/ >"$work/gobench.txt"
BENCH_OPENMETRICS_FILE=$work/1m.om go test -run '^$' -bench 'BenchmarkOpenMetrics$' -benchtime 3x ./history/ >>"$work/gobench.txt"
echo "### /metrics scrape (BenchmarkCollect: collector + promhttp, two gauges per series)"
echo
echo "| series | encoding | scrape ms | body MB | text MB |"
echo "| --- | --- | --- | --- | --- |"
awk '/^BenchmarkCollect\/series=/ {
	split($1, p, "/"); sub("series=", "", p[2]); sub("-[0-9]+$", "", p[3])
	for (i = 1; i <= NF; i++) { if ($(i+1) == "ns/op") ns = $i; if ($(i+1) == "bytes/scrape") by = $i; if ($(i+1) == "text-bytes/scrape") tb = $i }
	printf "| %s | %s | %.0f | %.1f | %.1f |\n", p[2], p[3], ns / 1e6, by / 1e6, tb / 1e6 }' "$work/gobench.txt"
echo

# Backfill.
rows=()
om_rate() { awk -v name="$1" '$1 ~ "^"name"(-[0-9]+)?$" { for (i = 1; i <= NF; i++) if ($(i+1) == "samples/s") r = $i } END { printf "%.2fM", r / 1e6 }' "$work/gobench.txt"; }
rows+=("| OpenMetrics writer, 1M samples (BenchmarkOpenMetrics) | 1000000 | - | $(om_rate BenchmarkOpenMetrics) |")
rows+=("| OpenMetrics writer, 10M samples (BenchmarkWriteOpenMetrics) | 10000000 | - | $(om_rate BenchmarkWriteOpenMetrics) |")
big=$work/corpus-${sizes[-1]}
log "backfill --output over ${sizes[-1]}"
timed "$bin" backfill --output "$work/corpus.om" "$big/reports" 2>"$work/backfill.err"
ncorpus=$(grep -c -v '^#' "$work/corpus.om" || true)
n=$ncorpus
rows+=("| \`report_exporter backfill --output\`, ${sizes[-1]} corpus (extraction included) | $n | $wall | $(div "$n" "$wall" %.0f) |")
for f in 1m.om corpus.om; do
	log "promtool tsdb create-blocks-from openmetrics $f"
	rm -rf "$work/tsdb"
	n=$(grep -c -v '^#' "$work/$f" || true)
	timed promtool tsdb create-blocks-from openmetrics "$work/$f" "$work/tsdb" >/dev/null
	rows+=("| promtool tsdb create-blocks-from openmetrics, $f (reference) | $n | $wall | $(div "$n" "$wall" %.0f) |")
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log "starting victoria-metrics on 127.0.0.1:$port"
/usr/bin/victoria-metrics -httpListenAddr=127.0.0.1:$port -storageDataPath="$work/vm-data" -retentionPeriod=100y >"$work/vm.log" 2>&1 &
vm_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
BENCH_REMOTE_WRITE_URL=http://127.0.0.1:$port/api/v1/write go test -run '^$' -bench 'BenchmarkRemoteWrite$' -benchtime 3x ./history/ >"$work/rw.txt"
rate=$(awk '/^BenchmarkRemoteWrite/ { for (i = 1; i <= NF; i++) if ($(i+1) == "samples/s") printf "%.2fM", $i / 1e6 }' "$work/rw.txt")
rows+=("| remote write to VictoriaMetrics, 1M samples (BenchmarkRemoteWrite) | 1000000 | - | $rate |")
log "backfill --remote-write.url over ${sizes[-1]}"
timed "$bin" backfill --remote-write.url "http://127.0.0.1:$port/api/v1/write" "$big/reports" 2>"$work/backfill.err"
rows+=("| \`report_exporter backfill --remote-write.url\` to VictoriaMetrics, ${sizes[-1]} corpus (extraction included) | $ncorpus | $wall | $(div "$ncorpus" "$wall" %.0f) |")

echo "### Backfill"
echo
echo "| path | samples | wall s | samples/s |"
echo "| --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
echo
echo "Machine: $(nproc) cores, $(lscpu | awk -F': *' '/Model name/ {print $2; exit}'), $(free -g | awk '/Mem:/ {print $2}') GiB; $(go version | awk '{print $3}'); corpora in $work."
