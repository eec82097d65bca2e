#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make install` into the guest's root (a tmpfs overlay over the host's):
# modules under /lib/modules/KVER/updates/halo with a real depmod, the tools,
# modules-load.d and modprobe.d files, systemd units; then modprobe and
# systemd-modules-load load the modules, the units pass systemd-analyze
# verify, and `make uninstall` leaves no trace.
. "$(dirname "$0")/../lib.sh"
ktap_plan 9
kver=$(uname -r)
top=$HALO_TOP
snapshot() {
	find /lib/modules/"$kver"/updates /usr/sbin /usr/share/man /etc/modules-load.d \
		/etc/modprobe.d /lib/systemd/system /etc/halo 2>/dev/null | sort
}

# Put aside the modules the harness staged, so that only the install provides
# them; they and the module index come back at exit for the tests after this.
modprobe -r halo_vs halo_rd 2>/dev/null
saved=$(mktemp -d)
mkdir "$saved/updates"
cp -a /lib/modules/"$kver"/modules.* "$saved/"
mv /lib/modules/"$kver"/updates/halo_*.ko "$saved/updates/"
restore_modules() {
	cp -a "$saved"/modules.* /lib/modules/"$kver"/
	mv "$saved"/updates/*.ko /lib/modules/"$kver"/updates/
	rm -rf "$saved"
}
on_exit restore_modules
# depmod -a reads every one of the kernel's ~4,000 modules, which over the
# guest's 9p root takes minutes; this guest needs none of them, so hide them
# (the install's own depmod run is what is under test).
mount -t tmpfs none /lib/modules/"$kver"/kernel
on_exit umount /lib/modules/"$kver"/kernel # later tests need loop, veth, ...
before=$(snapshot)

check "make install" make -s -C "$top" install IPVSADM_ALIAS=1 KVER="$kver"
check "modinfo finds halo_vs under updates/halo" \
	bash -c "modinfo -n halo_vs | grep -qx '/lib/modules/$kver/updates/halo/halo_vs.ko'"
check "modprobe halo_vs and halo_rd" modprobe -a halo_vs halo_rd
modprobe -r halo_vs halo_rd
/lib/systemd/systemd-modules-load
check "systemd-modules-load loads both from modules-load.d" \
	bash -c "grep -q '^halo_vs ' /proc/modules && grep -q '^halo_rd ' /proc/modules"
modprobe -r halo_vs halo_rd
check "ipvsadm alias runs halo-vsadm" bash -c "ipvsadm -v | grep -q '^ipvsadm v'"
# Only our units' findings: verify also loads the units they order against,
# and other packages' units (ldirectord's KillMode=none) have their own.
out=$(systemd-analyze verify --man=no /lib/systemd/system/halo-vs.service \
	/lib/systemd/system/halo-rd.service 2>&1 | grep -e 'halo-' |
	grep -v -e 'Failed to .*D-Bus')
expect_eq "units pass systemd-analyze verify" "" "$out"
check "make uninstall" make -s -C "$top" uninstall IPVSADM_ALIAS=1 KVER="$kver"
expect_eq "uninstall leaves no trace" "" "$(diff <(echo "$before") <(snapshot))"
check "modprobe no longer finds halo_vs" bash -c "! modprobe -n halo_vs 2>/dev/null"
ktap_finish
