#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Resync rate control (disk options at attach): an 8 MiB resync without
# a limit, then at a fixed resync-rate of 2 MiB/s (c-plan-ahead 0), timed
# by the kernel's own log; a resync at 512 KiB/s sped up to 4 MiB/s by
# disk-options while it runs; then the dynamic controller with c-min-rate:
# while an application writes during the resync, the resync slows to
# about c-min-rate and the application keeps at least half of the write
# rate it has without a resync (topology in rdlib.sh).
# timeout=400
. "$(dirname "$0")/rdlib.sh"

ktap_plan 18
rd_nodes || skip_all "cannot set up the two nodes"
check "initial full sync" rd_initial_sync
size=$(rd_size)

# Seconds (3 decimals) from the last "-> SyncSource" to the last
# "resync done (SyncSource)" in the kernel log.
rs_secs() {
	dmesg | awk -F'[][]' '/-> SyncSource \)/ { s = $2 }
		/resync done \(SyncSource\)/ { e = $2 }
		END { printf "%.3f\n", e - s }'
}
# dirty MIB-FROM MIB-COUNT: a writes while b is away
dirty() {
	rds_b disconnect r0 && wait_for 30 cstate_is a WFConnection &&
		dd if=/dev/urandom of=/dev/halo0 bs=1M seek="$1" count="$2" \
			oflag=direct status=none
}
# reattach_a OPTIONS...: a, Secondary and alone, attaches with new options
reattach_a() {
	rds_b disconnect r0; rds_a disconnect r0
	rds_a secondary 0 && rds_a detach 0 &&
		rds_a attach 0 "$LOOP_A" internal "$@" && rds_a primary 0 &&
		rd_connect_a
}
resync() { rd_connect_b && wait_for 120 rd_synced; }

# 1. No limit.
dirty 2 8
check "unlimited: 8 MiB resync" resync
t_free=$(rs_secs)
diag "8 MiB resync without a limit: $t_free s"

# 2. resync-rate 2M, c-plan-ahead 0.
check "attach --c-plan-ahead=0 --resync-rate=2M" reattach_a --c-plan-ahead=0 --resync-rate=2M
dirty 2 8
check "fixed 2 MiB/s: 8 MiB resync" resync
t_fixed=$(rs_secs)
diag "8 MiB resync at resync-rate 2M: $t_fixed s"
check "fixed 2 MiB/s: it took 3.5 to 8 s ($t_fixed s)" \
	awk -v t="$t_fixed" 'BEGIN { exit !(t >= 3.5 && t <= 8) }'
# A rate well below what this machine does unlimited even when loaded.
reattach_a --c-plan-ahead=0 --resync-rate=512k
dirty 2 2
check "fixed 512 KiB/s: 2 MiB resync" resync
t_slow=$(rs_secs)
diag "2 MiB resync at resync-rate 512k: $t_slow s"
check "fixed 512 KiB/s: it took 3.5 to 8 s ($t_slow s)" \
	awk -v t="$t_slow" 'BEGIN { exit !(t >= 3.5 && t <= 8) }'
check "without a limit it is more than twice as fast" \
	awk -v a="$t_free" -v b="$t_slow" 'BEGIN { exit !(8192 / a > 2 * 2048 / b) }'

# 2b. disk-options during a resync: 8 MiB at 512 KiB/s would take 16 s;
# after 1 s it goes on at 4 MiB/s.
dirty 2 8
rd_connect_b
check "8 MiB resync at 512k running" wait_for 30 cstate_is a SyncSource
sleep 1
check "disk-options --resync-rate=4M during the resync" rds_a disk-options 0 --resync-rate=4M
check "show reports resync-rate 4096k and c-plan-ahead 0" bash -c \
	"rds_a show 0 | grep -qP '^ +resync-rate +\t4096k;' && rds_a show 0 | grep -qP '^ +c-plan-ahead +\t0;'"
wait_for 120 rd_synced
t_live=$(rs_secs)
diag "8 MiB resync, 512k for 1 s then 4M: $t_live s"
check "it followed the new rate: under 11 s ($t_live s; 16 s at 512k)" \
	awk -v t="$t_live" 'BEGIN { exit !(t > 0 && t < 11) }'

# 3. Dynamic controller, c-min-rate 128k, and an application writing.
# writer SECONDS [sync FILE]: 64 KiB O_DIRECT writes to a's first 4 MiB,
# run in a's namespace to read /proc/halo_rd; with "sync", FILE is created
# after the first write and the SECONDS measured begin when the resync is
# seen running.
# Prints: application KiB/s, resync KiB/s (from oos), cs at the end.
writer() {
	ip netns exec "$A" python3 -c '
import mmap, os, re, sys, time
def proc():
	t = open("/proc/halo_rd").read()
	return re.search(r"cs:(\S+)", t).group(1), int(re.search(r"oos:(\d+)", t).group(1))
fd = os.open("/dev/halo0", os.O_WRONLY | os.O_DIRECT)
buf = mmap.mmap(-1, 65536)
secs, wait = float(sys.argv[1]), len(sys.argv) > 2
give_up = time.time() + 60
n = n0 = 0
t0 = None
while time.time() < give_up:
	os.pwrite(fd, buf, (n % 64) * 65536)
	n += 1
	if n == 1 and wait:
		open(sys.argv[3], "w").close()
	if t0 is None:
		cs, oos0 = proc()
		if not wait or cs == "SyncSource":
			t0, n0 = time.time(), n
	elif time.time() - t0 >= secs:
		break
if t0 is None:
	sys.exit("the resync was never seen running")
d = time.time() - t0
cs, oos1 = proc()
print(int((n - n0) * 64 / d), int((oos0 - oos1) / d), cs)' "$@"
}
check "attach with the dynamic controller and c-min-rate" reattach_a \
	--c-plan-ahead=10 --c-fill-target=2M --c-max-rate=8M --c-min-rate=128k
check "b connects, in sync" resync
read -r app0 _ _ < <(writer 3)
diag "application writes without a resync: $app0 KiB/s"
dirty 4 11
go=/tmp/hrd-$$-go
on_exit rm -f "$go"
writer 3 sync "$go" >/tmp/hrd-$$-app &
wpid=$!
# b connects only once the application is writing
wait_for 60 test -e "$go"
rd_connect_b
wait "$wpid"
read -r app1 rs_rate still </tmp/hrd-$$-app
rm -f /tmp/hrd-$$-app
diag "application writes during the resync: $app1 KiB/s; resync meanwhile: $rs_rate KiB/s"
expect_eq "the resync was still running while the application wrote" SyncSource "$still"
check "the resync slowed to about c-min-rate ($rs_rate KiB/s <= 512)" test "$rs_rate" -le 512
check "the application kept at least half its rate ($app1 vs $app0 KiB/s)" \
	test $((app1 * 2)) -ge "$app0"
check "then the resync finishes, both disks equal" bash -c \
	"wait_for 120 rd_synced && [[ \$(md5_of $LOOP_A $size) == \$(md5_of $LOOP_B $size) ]]"
ktap_finish
