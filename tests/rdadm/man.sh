#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The man pages render without groff warnings, halo-rdadm(8) documents every
# command of halo-rdadm's dispatch table, and halo.conf(5) every keyword of
# the parser's option tables. Runs on the host.
. "$(dirname "$0")/../lib.sh"
command -v man >/dev/null || skip_all "no man(1) on this host"
ktap_plan 4
man8=$HALO_TOP/userland/man/halo-rdadm.8
man5=$HALO_TOP/userland/man/halo.conf.5
opts=$HALO_TOP/userland/rdadm/conf_opts.c

for m in "$man8" "$man5"; do
	out=$(MANWIDTH=80 man --warnings -l "$m" 2>&1 >/dev/null)
	expect_eq "$(basename "$m") renders without warnings" "" "$out"
done

text8=$(MANWIDTH=200 man -l "$man8" 2>/dev/null)
missing=
for c in $(halo-rdadm --help | sed -n 's/^    \([a-z-]*\).*/\1/p'); do
	grep -q "^       $c\b" <<<"$text8" || missing+=" $c"
done
expect_eq "halo-rdadm(8) has an entry for every command in --help" "" "$missing"

# in the source: rendered text may hyphenate a keyword at a line end
text5=$(sed 's/\\-/-/g' "$man5")
missing=
for k in $(sed -n 's/^\t\(NUM\|SIZE\|BOOL\|FLAG\|STR\|ENUM\|MOVE\)("\([a-z0-9-]*\)".*/\2/p' "$opts"); do
	grep -qw -- "$k" <<<"$text5" || missing+=" $k"
done
expect_eq "halo.conf(5) names every option keyword the parser knows" "" "$missing"
ktap_finish
