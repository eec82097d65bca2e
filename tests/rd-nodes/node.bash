# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/rd-nodes (run by the guests with bash, not a test):
#   bash node.bash ROLE WORKDIR
# ROLE a: create metadata, connect to b, become Primary (full sync), write
#         numbered records until the host kills this guest.
# ROLE b: create metadata, connect; after a's crash: become Primary, check
#         every record the host saw acknowledged, write one record of its
#         own, wait for a to come back and resync, report, go down.
# ROLE a2: a restarted from its crashed disk: attach, connect, resync as
#         SyncTarget, report, go down.
# Steps are signalled through files in WORKDIR (the shared checkout): the
# host writes "go-*", the guests write "*.ready" and result files.
role=$1 w=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PATH=$here/../../userland/rdsetup:$PATH
dev=/dev/vda
wait_file() { # wait_file SECS FILE
	local i
	for ((i = 0; i < $1 * 10; i++)); do
		[[ -e $2 ]] && return 0
		sleep 0.1
	done
	echo "timed out waiting for $2"
	return 1
}
wait_state() { # wait_state SECS CMD WANT
	local i
	for ((i = 0; i < $1 * 10; i++)); do
		[[ $(halo-rdsetup "$2" r0) == "$3" ]] && return 0
		sleep 0.1
	done
	echo "timed out: $2 is $(halo-rdsetup "$2" r0), want $3"
	return 1
}
if [[ $role == a || $role == a2 ]]; then
	me=10.255.1.1 peer=10.255.1.2 minor=0
else
	me=10.255.1.2 peer=10.255.1.1 minor=0
fi
up() {
	modprobe halo_rd || return 1
	halo-rdsetup new-resource r0 && halo-rdsetup new-minor r0 $minor 0 &&
		halo-rdsetup attach $minor $dev internal &&
		halo-rdsetup connect r0 $me:7789 $peer:7789 --protocol=C \
			--connect-int=1 --ping-int=1 --ping-timeout=50 --timeout=50
}
set -x
# No udev in the guest: load the virtio disk driver by hand.
modprobe virtio_blk 2>/dev/null
for ((i = 0; i < 100; i++)); do [[ -b $dev ]] && break; sleep 0.1; done
case $role in
a)
	halo-rdsetup create-md $dev internal --force && up || exit 1
	wait_state 200 cstate Connected || exit 1
	halo-rdsetup primary r0 --force || exit 1
	wait_state 300 dstate UpToDate/UpToDate || exit 1
	touch "$w/a.ready"
	set +x
	python3 "$here/records.py" write /dev/halo0 0 3000
	echo "writer ended before the crash"
	sleep 600
	;;
b)
	halo-rdsetup create-md $dev internal --force && up || exit 1
	wait_file 500 "$w/go-b" || exit 1
	# a was killed: wait for the ping timeout, then take over.
	wait_state 200 cstate WFConnection || exit 1
	halo-rdsetup primary r0 || exit 1
	python3 "$here/records.py" check /dev/halo0 "$(cat "$w/go-b")" >"$w/b.check"
	# One write of b's own in another extent (16 MiB): a must get it.
	python3 "$here/records.py" write /dev/halo0 4096 1 >/dev/null || exit 1
	touch "$w/b.ready"
	wait_state 400 cstate Connected || exit 1
	wait_state 300 dstate UpToDate/UpToDate || exit 1
	halo-rdsetup status r0 --verbose >"$w/b.status"
	wait_file 200 "$w/go-down" || exit 1
	halo-rdsetup secondary r0 && halo-rdsetup down r0 || exit 1
	;;
a2)
	up || exit 1
	halo-rdsetup show-gi r0 >"$w/a2.gi"
	wait_state 200 cstate Connected || exit 1
	wait_state 300 dstate UpToDate/UpToDate || exit 1
	halo-rdsetup role r0 >"$w/a2.role"
	halo-rdsetup status r0 --verbose >"$w/a2.status"
	dmesg | grep -i "activity log" >"$w/a2.al"
	wait_file 200 "$w/go-down" || exit 1
	halo-rdsetup down r0 || exit 1
	;;
esac
