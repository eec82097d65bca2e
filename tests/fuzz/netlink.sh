#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hostile netlink input, in one QEMU guest (guest/netlink.bash): 100,000
# malformed, random and mutated messages to each of HALO_VS and HALO_RD
# (genl-fuzz; every message answered, every malformed one refused, no state
# left after flush, no slab growth across a module reload), and EPERM for
# every admin op from a client without the capability. Here on the host: the
# guest's KTAP lines are passed on, and its kernel log must hold no warning,
# BUG, Oops, lockdep, KASAN or UBSAN report.
#
#   host: tests/fuzz/netlink.sh --scripts/vm--> guest: genl-fuzz --genl--> halo_vs, halo_rd
# timeout=600
. "$(dirname "$0")/../lib.sh"
top=$HALO_TOP
tmp=$(mktemp -d)
on_exit rm -rf "$tmp"
echo "TAP version 13"
# The guest's own tools are built on the host (make fuzz-tools; make test
# runs it), never in the guest.
make -s -C "$top/userland/fuzz" tools >/dev/null || { ktap_not_ok "build genl-fuzz"; echo "1..$_ktap_n"; exit 1; }
"$top/scripts/vm" --name halo-fuzz --timeout 540 --console "$tmp/console" \
	--dmesg "$tmp/dmesg" -- env HALO_FUZZ_SEED="${HALO_FUZZ_SEED:-}" \
	HALO_FUZZ_COUNT="${HALO_FUZZ_COUNT:-100000}" "$top/tests/fuzz/guest/netlink.bash" \
	>"$tmp/out" 2>&1
rc=$?
while IFS= read -r line; do
	case $line in
	"ok "*) ktap_ok "${line#ok [0-9]* }" ;;
	"not ok "*) ktap_not_ok "${line#not ok [0-9]* }" ;;
	"TAP version"* | 1..*) ;;
	*) echo "# $line" ;;
	esac
done <"$tmp/out"
expect_eq "the guest run exited 0" 0 "$rc"
if [[ -s $tmp/dmesg ]]; then
	bad=$("$top/tests/klog-check" "$tmp/dmesg")
	expect_eq "the guest's kernel log holds no warning or BUG" "" "$bad"
else
	ktap_not_ok "the guest's kernel log holds no warning or BUG (no log: guest died?)"
	tail -n 40 "$tmp/console" | sed 's/^/# /'
fi
echo "1..$_ktap_n"
ktap_finish
