# Sourced by scripts/test.sh and scripts/bench.sh: puts Go on PATH and installs, with
# apt-get (Debian/Ubuntu), the programs a script needs when they are missing.
#
#   install_missing COMMAND:PACKAGE...   installs PACKAGE for every COMMAND not on PATH
#
# SKIP_INSTALL=1 installs nothing.

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
	[[ ${SKIP_INSTALL:-} == 1 ]] && return 0
	local pair
	for pair in "$@"; do
		need_pkg "${pair%%:*}" "${pair#*:}"
	done
	((${#missing_pkgs[@]} == 0)) && return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "${0##*/}: missing ${missing_pkgs[*]} and no apt-get; the tests that need them will skip (fail under CI=true)" >&2
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

	echo "${0##*/}: installing ${pkgs[*]}" >&2
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
		echo "${0##*/}: apt-get failed (status $status)" >&2
		return "$status"
	fi
}

