#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The libFuzzer corpora of the tools' parsers (userland/fuzz/corpus/TARGET:
# seeds plus every crashing input `make fuzz` ever found) replay through the
# same fuzz targets built with ASan and UBSan and without libFuzzer: no
# crash, no sanitizer report. halo-vsadm's target joins once its parser
# (userland/vsadm/vsparse.h) is in the tree.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fuzz-lib.bash"
fz=$HALO_TOP/userland/fuzz
targets=(conf)
[[ -e $HALO_TOP/userland/vsadm/vsparse.h ]] && targets+=(vsadm)
ktap_plan $((2 * ${#targets[@]}))
fuzz_build replay || { ktap_not_ok "build the replay binaries"; ktap_finish; }
tmp=$(mktemp -d)
on_exit rm -rf "$tmp" /tmp/halo-fuzz-conf.*
export ASAN_OPTIONS=detect_leaks=1:log_path=$tmp/asan UBSAN_OPTIONS=print_stacktrace=1:log_path=$tmp/ubsan
for t in "${targets[@]}"; do
	n=$(find "$fz/corpus/$t" -type f | wc -l)
	"$HALO_TOP/build/fuzz/replay-$t" "$fz/corpus/$t" >"$tmp/$t.out" 2>&1
	rc=$?
	tail -n 3 "$tmp/$t.out" | sed 's/^/# /'
	expect_eq "$t: all $n corpus inputs replayed" "0 replay: $n inputs" \
		"$rc $(grep '^replay:' "$tmp/$t.out")"
	reports=$(cat "$tmp"/asan* "$tmp"/ubsan* 2>/dev/null)
	[[ -n $reports ]] && echo "$reports" | head -n 30 | sed 's/^/# /'
	expect_eq "$t: no sanitizer report" "" "$reports"
	rm -f "$tmp"/asan* "$tmp"/ubsan*
done
ktap_finish
