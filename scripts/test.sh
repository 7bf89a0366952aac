#!/usr/bin/env bash
# Runs every check of the repository: gofmt, go vet and the tests (unit and end-to-end).
#
# The end-to-end tests need prometheus, promtool, victoria-metrics, rg, chromium and
# docker-compose. Whatever is missing is installed with apt-get (Debian/Ubuntu), once. Outside
# CI a test whose tool is still missing skips with a message; in CI (CI=true) it fails.
#
# Environment:
#   SKIP_INSTALL=1   never install anything
#   LINT=0           skip golangci-lint (otherwise installed with go install when missing, then run)
#   GO_TEST_FLAGS    extra flags for go test (e.g. "-run TestBackfill -v")
set -euo pipefail

cd "$(dirname "$0")/.."

# shellcheck source=scripts/deps.sh
source scripts/deps.sh

# Chromium draws the landing page's Chinese (docs/landing.png) with a CJK font; without one, boxes.
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || [[ -n $(fc-list :lang=zh 2>/dev/null) ]] || missing_pkgs+=(fonts-noto-cjk)
install_missing prometheus:prometheus promtool:prometheus victoria-metrics:victoria-metrics \
	rg:ripgrep chromium:chromium docker-compose:docker-compose

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

# The linters of .golangci.yml, the import direction among them. golangci-lint is installed
# with go install when missing (a few minutes, once).
if [[ ${LINT:-1} == 1 ]]; then
	lint=$(command -v golangci-lint || true)
	if [[ -z $lint && -x "$(go env GOPATH)/bin/golangci-lint" ]]; then
		lint="$(go env GOPATH)/bin/golangci-lint"
	fi
	if [[ -z $lint ]]; then
		echo "==> go install golangci-lint v2.15.0" >&2
		GOBIN="$(go env GOPATH)/bin" go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
		lint="$(go env GOPATH)/bin/golangci-lint"
	fi
	echo "==> golangci-lint run" >&2
	"$lint" run ./...
fi

echo "==> go test -race -count=1 -timeout 20m ./..." >&2
# shellcheck disable=SC2086 # GO_TEST_FLAGS is split on purpose
go test -race -count=1 -timeout 20m ${GO_TEST_FLAGS:-} ./...
