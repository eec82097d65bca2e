#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# include "GLOB"; reads every matching file in name order, relative to the
# directory of the file that includes it; a glob matching nothing is fine, a
# missing plain file is an error; errors inside an included file name that
# file; include loops are stopped. Runs on the host.
. "$(dirname "$0")/../lib.sh"
ktap_plan 9
tmp=$(mktemp -d)
on_exit rm -rf "$tmp"
export HALO_HOSTNAME=alpha
mkdir -p "$tmp/etc/halo.d" "$tmp/elsewhere"

res() { # res NAME MINOR PORT
	printf 'resource %s {\n\tdevice /dev/halo%s; disk /dev/vd%s; meta-disk internal;\n' "$1" "$2" "$1"
	printf '\ton alpha { address 10.0.0.1:%s; }\n\ton beta { address 10.0.0.2:%s; }\n}\n' "$3" "$3"
}
res r2 2 7792 >"$tmp/etc/halo.d/b.res"
res r1 1 7791 >"$tmp/etc/halo.d/a.res"
echo 'not a resource file {' >"$tmp/etc/halo.d/ignored.txt"
printf 'global { usage-count no; }\ninclude "halo.d/*.res";\ncommon { protocol B; }\n' \
	>"$tmp/etc/halo.conf"

# Run from another directory: includes are relative to the including file.
out=$(cd "$tmp/elsewhere" && halo-rdadm -c ../etc/halo.conf sh-resources 2>&1)
expect_eq "relative glob include reads every *.res in name order" "r1 r2" "$out"
out=$(cd / && halo-rdadm -c "$tmp/etc/halo.conf" dump -e r2 | grep protocol)
expect_eq "included resources inherit common from the including file" \
	"        protocol           B;" "$out"

printf 'include "%s/etc/halo.d/a.res";\ninclude "empty.d/*.res";\n' "$tmp" >"$tmp/abs.conf"
out=$(halo-rdadm -c "$tmp/abs.conf" sh-resources 2>&1)
expect_eq "absolute include; a glob matching nothing is not an error" "r1" "$out"

printf 'include "halo.d/missing.res";\n' >"$tmp/etc/missing.conf"
out=$(halo-rdadm -c "$tmp/etc/missing.conf" dump 2>&1)
expect_eq "a missing include file exits 10" 10 $?
expect_eq "... naming the include statement and the file" \
	"halo-rdadm: $tmp/etc/missing.conf:1:9: cannot open include file '$tmp/etc/halo.d/missing.res': No such file or directory" "$out"

printf 'resource r3 {\n\ton alpha { addr 1; }\n}\n' >"$tmp/etc/halo.d/c.res"
out=$(halo-rdadm -c "$tmp/etc/halo.conf" dump 2>&1)
expect_eq "an error in an included file names that file" \
	"halo-rdadm: $tmp/etc/halo.d/c.res:2:13: expected device, disk, meta-disk, address, volume or '}', got 'addr'" "$out"
rm "$tmp/etc/halo.d/c.res"

res r1 5 7795 >"$tmp/etc/halo.d/c.res"
out=$(halo-rdadm -c "$tmp/etc/halo.conf" dump 2>&1)
expect_eq "a resource defined twice across files" \
	"halo-rdadm: $tmp/etc/halo.d/c.res:1:10: resource 'r1' is defined twice (first at $tmp/etc/halo.d/a.res:1)" "$out"
rm "$tmp/etc/halo.d/c.res"

printf 'include "loop.conf";\n' >"$tmp/loop.conf"
out=$(halo-rdadm -c "$tmp/loop.conf" dump 2>&1)
expect_eq "an include loop exits 10" 10 $?
expect_eq "... with a clear error" \
	"halo-rdadm: $tmp/loop.conf:1:9: includes nested more than 8 deep (an include loop?)" "$out"
ktap_finish
