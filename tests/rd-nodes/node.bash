# SPDX-License-Identifier: GPL-2.0
# Guest side of tests/rd-nodes (run by the guests with bash, not a test):
#   bash node.bash ROLE WORKDIR KILLS
# ROLE b: create metadata, connect; for each kill I of a: become Primary,
#         check iteration I's acknowledged records, write one record of its
#         own, wait for a to come back and resync, step down; at the end
#         go down.
# ROLE aN: node a's Nth boot. a1 creates metadata, connects, becomes Primary
#         (full sync to b). A later boot starts from the disk the killed
#         guest left: attach, connect, resync as SyncTarget, report. Then,
#         while kills remain, it waits for b to step down, becomes Primary
#         and writes iteration N's numbered records until the host kills it.
# Iteration I writes records FIRST.. with FIRST = (I - 1) * STEP (at most
# 300 of them); b's own record of iteration I is FIRST + STEP - 1.
# Steps are signalled through files in WORKDIR (the shared checkout): the
# host writes "go-*", the guests write "*.ready" and result files.
role=$1 w=$2 kills=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export PATH=$here/../../userland/rdsetup:$PATH
dev=/dev/vda
STEP=400
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
if [[ $role == a* ]]; then
	me=10.255.1.1 peer=10.255.1.2
else
	me=10.255.1.2 peer=10.255.1.1
fi
up() {
	modprobe halo_rd || return 1
	halo-rdsetup new-resource r0 && halo-rdsetup new-minor r0 0 0 &&
		halo-rdsetup attach 0 $dev internal &&
		halo-rdsetup connect r0 $me:7789 $peer:7789 --protocol=C \
			--connect-int=1 --ping-int=1 --ping-timeout=50 --timeout=50
}
# a_write I: write iteration I's records; the host kills this guest meanwhile.
a_write() {
	touch "$w/a$1.ready"
	set +x
	python3 "$here/records.py" write /dev/halo0 $((($1 - 1) * STEP)) 300
	echo "writer ended before the crash"
	sleep 3000
}
set -x
# No udev in the guest: load the virtio disk driver by hand.
modprobe virtio_blk 2>/dev/null
for ((i = 0; i < 100; i++)); do [[ -b $dev ]] && break; sleep 0.1; done
case $role in
a1)
	halo-rdsetup create-md $dev internal --force && up || exit 1
	wait_state 200 cstate Connected || exit 1
	halo-rdsetup primary r0 --force || exit 1
	wait_state 300 dstate UpToDate/UpToDate || exit 1
	a_write 1
	;;
a*)
	n=${role#a}
	up || exit 1
	halo-rdsetup show-gi r0 >"$w/$role.gi"
	wait_state 200 cstate Connected || exit 1
	wait_state 300 dstate UpToDate/UpToDate || exit 1
	halo-rdsetup role r0 >"$w/$role.role"
	dmesg | grep -i "activity log" >"$w/$role.al"
	halo-rdsetup status r0 --verbose >"$w/$role.status.tmp" &&
		mv "$w/$role.status.tmp" "$w/$role.status"
	if ((n <= kills)); then
		wait_state 200 role Secondary/Secondary || exit 1
		halo-rdsetup primary r0 || exit 1
		a_write "$n"
	fi
	wait_file 300 "$w/go-down" || exit 1
	halo-rdsetup down r0 || exit 1
	;;
b)
	halo-rdsetup create-md $dev internal --force && up || exit 1
	for ((i = 1; i <= kills; i++)); do
		wait_file 900 "$w/go-b.$i" || exit 1
		read -r first last <"$w/go-b.$i"
		# a was killed: wait for the ping timeout, then take over.
		wait_state 200 cstate WFConnection || exit 1
		halo-rdsetup primary r0 || exit 1
		python3 "$here/records.py" check /dev/halo0 "$first" "$last" >"$w/b.check.$i"
		python3 "$here/records.py" write /dev/halo0 $((first + STEP - 1)) 1 >/dev/null ||
			exit 1
		touch "$w/b.ready.$i"
		# a comes back from its disk and resyncs from b; then b steps down.
		wait_state 400 cstate Connected || exit 1
		wait_state 300 dstate UpToDate/UpToDate || exit 1
		halo-rdsetup status r0 --verbose >"$w/b.status.$i"
		halo-rdsetup secondary r0 || exit 1
	done
	wait_file 300 "$w/go-down" || exit 1
	halo-rdsetup down r0 || exit 1
	;;
esac
