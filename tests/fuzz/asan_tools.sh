#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The userland once under AddressSanitizer and UBSan: `make asan` builds the
# tools into build/asan (a copy of include/, userland/ and tests/), and the
# tools' own host tests (groups with host=1 among rdadm, vsadm, tools) run
# from that copy, so their lib.sh puts the sanitized halo-vsadm and
# halo-rdadm first on PATH. Every test must pass as it does with the normal
# build, and no sanitizer may report (reports go to files, not to the output
# the tests compare). tests/rdadm/fuzz.sh is left out: it builds its own
# sanitized parser. tests/tools/version.sh needs the modules: it runs with
# the sanitized tools in the guest of netlink.sh.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fuzz-lib.bash"
asan=$HALO_TOP/build/asan
tests=()
for g in rdadm vsadm tools; do
	grep -qx 'host=1' "$HALO_TOP/tests/$g/settings" 2>/dev/null || continue
	for t in "$HALO_TOP/tests/$g"/*.sh; do
		[[ -x $t && $t != */rdadm/fuzz.sh ]] && tests+=("$g/$(basename "$t")")
	done
done
ktap_plan $((${#tests[@]} + 2))
"$HALO_TOP/userland/fuzz/build-asan" "$HALO_TOP" "$asan" >/dev/null
tmp=$(mktemp -d)
on_exit rm -rf "$tmp"
check "halo-rdadm and halo-vsadm are built with ASan and UBSan" bash -c \
	"for b in '$asan'/userland/{rdadm/halo-rdadm,vsadm/halo-vsadm}; do
		ASAN_OPTIONS=help=1 \"\$b\" --version 2>&1 | grep -q 'AddressSanitizer' &&
		nm \"\$b\" | grep -q __ubsan_handle || exit 1; done"
export ASAN_OPTIONS=detect_leaks=1:log_path=$tmp/asan
export UBSAN_OPTIONS=print_stacktrace=1:log_path=$tmp/ubsan
for t in "${tests[@]}"; do
	(cd "$asan/tests/${t%/*}" && timeout 300 "./${t#*/}") >"$tmp/log" 2>&1
	rc=$?
	if [[ $rc == 4 ]]; then
		ktap_ok "$t with the sanitized tools # SKIP $(grep -m1 -o 'SKIP.*' "$tmp/log")"
	elif [[ $rc == 0 ]]; then
		ktap_ok "$t with the sanitized tools"
	else
		ktap_not_ok "$t with the sanitized tools (exit $rc)"
		grep -E '^not ok|^# ' "$tmp/log" | head -n 20 | sed 's/^/#   /'
	fi
done
reports=$(cat "$tmp"/asan* "$tmp"/ubsan* 2>/dev/null)
[[ -n $reports ]] && echo "$reports" | head -n 40 | sed 's/^/# /'
expect_eq "no sanitizer report from any of them" "" "$reports"
ktap_finish
