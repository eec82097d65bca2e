#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# halo-vs.service's start and stop commands, read from the installed unit
# file (not retyped here), do what Debian's ipvsadm service does: start
# restores /etc/halo/vs.rules into halo_vs, stop saves the table (rules added
# after the start included) and clears it; a second start brings the saved
# rules back. halo-rd.service's commands are checked in units-rd.sh.
. "$(dirname "$0")/../lib.sh"
ktap_plan 8
kver=$(uname -r)
top=$HALO_TOP
unitdir=/lib/systemd/system
tmp=$(mktemp -d)
on_exit rm -rf "$tmp"

# Install into the guest root. depmod -a over the 9p root reads all of the
# kernel's modules for minutes: hide them (none is needed here) and put the
# module index back when done.
cp -a /lib/modules/"$kver"/modules.* "$tmp/"
mountpoint -q /lib/modules/"$kver"/kernel || {
	mount -t tmpfs none /lib/modules/"$kver"/kernel
	on_exit umount /lib/modules/"$kver"/kernel
}
on_exit "cp -a '$tmp'/modules.* /lib/modules/$kver/"
on_exit rm -f /etc/halo/vs.rules
on_exit make -s -C "$top" uninstall KVER="$kver"
check "make install" make -s -C "$top" install KVER="$kver"

# unit_run UNIT KEY...: run the unit's KEY= command lines in order, as
# systemd would (it stops at the first failing one).
unit_run() {
	local unit=$unitdir/$1 key cmd
	shift
	for key; do
		while IFS= read -r cmd; do
			eval "$cmd" || { diag "$key=$cmd failed"; return 1; }
		done < <(sed -n "s/^$key=//p" "$unit")
	done
}
vs_start() { unit_run halo-vs.service ExecStartPre ExecStart; }
vs_stop() { unit_run halo-vs.service ExecStop; }

check "halo-vs.service starts only with /etc/halo/vs.rules" \
	grep -qx 'ConditionPathExists=/etc/halo/vs.rules' "$unitdir/halo-vs.service"

rules="-A -t 10.7.0.1:80 -s rr
-a -t 10.7.0.1:80 -r 10.7.0.11:80 -m -w 1"
echo "$rules" >/etc/halo/vs.rules
modprobe -r halo_vs_rr halo_vs 2>/dev/null
check "start: loads halo_vs, restores the rules" vs_start
expect_eq "start: the table is /etc/halo/vs.rules" "$rules" "$(halo-vsadm -S -n)"

halo-vsadm -a -t 10.7.0.1:80 -r 10.7.0.12:80 -m -w 2
halo-vsadm -A -u 10.7.0.1:53 -s wrr
running=$(halo-vsadm -S -n)
check "stop" vs_stop
expect_eq "stop: /etc/halo/vs.rules holds the rules added after the start" \
	"$running" "$(cat /etc/halo/vs.rules)"
expect_eq "stop: the table is empty" "" "$(halo-vsadm -S -n)"
vs_start
expect_eq "start again: the saved rules are back" "$running" "$(halo-vsadm -S -n)"
vs_stop
ktap_finish
