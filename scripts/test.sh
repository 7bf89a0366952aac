#!/usr/bin/env bash
# Runs every check of the repository: gofmt, go vet and the tests (unit and end-to-end).
#
# The end-to-end tests need prometheus, promtool, victoria-metrics, rg, chromium and
# docker-compose. Whatever is missing is installed with apt-get (Debian/Ubuntu), once. Outside
# CI a test whose tool is still missing skips with a message; in CI (CI=true) it fails.
#
# Environment:
#   SKIP_INSTALL=1   never install anything
#   GO_TEST_FLAGS    extra flags for go test (e.g. "-run TestBackfill -v")
set -euo pipefail

cd "$(dirname "$0")/.."

# Go from its usual place when the shell's PATH lacks it (a fresh login, CI).
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH="$PATH:/usr/local/go/bin"
fi

export DEBIAN_FRONTEND=noninteractive
# needrestart (Ubuntu) would otherwise prompt or restart services after the install.
export NEEDRESTART_SUSPEND=1 NEEDRESTART_MODE=l

# need_pkg <command> <package>: queue the package when the command is not on PATH.
missing_pkgs=()
need_pkg() {
	if ! command -v "$1" >/dev/null 2>&1; then
		missing_pkgs+=("$2")
	fi
}

install_missing() {
	need_pkg prometheus prometheus
	need_pkg promtool prometheus
	need_pkg victoria-metrics victoria-metrics
	need_pkg rg ripgrep
	if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
		missing_pkgs+=(chromium)
	fi
	need_pkg docker-compose docker-compose
	((${#missing_pkgs[@]} == 0)) && return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "test.sh: missing ${missing_pkgs[*]} and no apt-get; the tests that need them will skip (fail under CI=true)" >&2
		return 0
	fi
	# De-duplicate (prometheus is queued for both prometheus and promtool).
	local pkgs
	mapfile -t pkgs < <(printf '%s\n' "${missing_pkgs[@]}" | sort -u)

	local sudo=()
	if [[ $(id -u) -ne 0 ]]; then
		sudo=(sudo -E)
	fi

	# The packages' maintainer scripts would start prometheus (on :9090), node-exporter (:9100)
	# and victoria-metrics (:8428) as services. The tests start their own on free loopback
	# ports, but a service holding a well-known port gets in the way of anyone running the
	# stack by hand, so forbid service starts during the install (policy-rc.d, honoured by
	# invoke-rc.d and deb-systemd-invoke) and stop anything that started anyway.
	local policy=/usr/sbin/policy-rc.d created_policy=0
	if [[ ! -e $policy ]]; then
		printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
		"${sudo[@]}" chmod 755 "$policy"
		created_policy=1
	fi

	echo "test.sh: installing ${pkgs[*]}" >&2
	local status=0
	"${sudo[@]}" apt-get update -q || status=$?
	if ((status == 0)); then
		"${sudo[@]}" apt-get install -y -q --no-install-recommends "${pkgs[@]}" || status=$?
	fi

	if ((created_policy)); then
		"${sudo[@]}" rm -f "$policy"
	fi
	if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
		for unit in prometheus prometheus-node-exporter victoria-metrics; do
			"${sudo[@]}" systemctl disable --now "$unit" >/dev/null 2>&1 || true
		done
	fi
	if ((status != 0)); then
		echo "test.sh: apt-get failed (status $status)" >&2
		return "$status"
	fi
}

if [[ ${SKIP_INSTALL:-} != 1 ]]; then
	install_missing
fi

echo "==> gofmt" >&2
mapfile -t gofiles < <(find . -name '*.go' -not -path './.git/*' -not -path './vendor/*' -not -path '*/testdata/*')
unformatted=
if ((${#gofiles[@]} > 0)); then
	unformatted=$(gofmt -l "${gofiles[@]}")
fi
if [[ -n $unformatted ]]; then
	echo "test.sh: these files need gofmt:" >&2
	echo "$unformatted" >&2
	exit 1
fi

echo "==> go vet ./..." >&2
go vet ./...

echo "==> go test -race -count=1 -timeout 20m ./..." >&2
# shellcheck disable=SC2086 # GO_TEST_FLAGS is split on purpose
go test -race -count=1 -timeout 20m ${GO_TEST_FLAGS:-} ./...
