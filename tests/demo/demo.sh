#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make demo` (scripts/demo, on the host: one guest for the load balancer,
# two guests for the replicated disk) runs to its end, and what it shows is
# true: round robin over three real servers, none to a removed one, wrr 2:1:1
# once it is back; node a's QEMU killed, and the file intact on node b.
. "$(dirname "$0")/../lib.sh"
ktap_plan 6
out=$("$HALO_TOP/scripts/demo" 2>&1)
rc=$?
out=${out//$'\r'/}
expect_eq "the demo exits 0" 0 "$rc"
[[ $rc == 0 ]] || echo "$out" | tail -n 30 | sed 's/^/# /'
mapfile -t answers < <(echo "$out" | sed -n 's/^answers: //p')
count() { tr ' ' '\n' <<<"$1" | grep -cx "$2"; }
expect_eq "rr: six requests, two per server" "2 2 2" \
	"$(count "${answers[0]:-}" rs1) $(count "${answers[0]:-}" rs2) $(count "${answers[0]:-}" rs3)"
expect_eq "no request to the removed server" "0 6" \
	"$(count "${answers[1]:-}" rs2) $(($(count "${answers[1]:-}" rs1) + $(count "${answers[1]:-}" rs3)))"
expect_eq "wrr with rs2 at weight 2: 4 of 8" 4 "$(count "${answers[2]:-}" rs2)"
check "node a's QEMU was killed with SIGKILL" grep -q '^== Node a crashes: its QEMU process (pid [0-9]*) is killed with SIGKILL$' <<<"$out"
check "the file system's data is intact on node b" grep -q '^\[node b\] The data is intact on node b.$' <<<"$out"
ktap_finish
