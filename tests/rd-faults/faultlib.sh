# SPDX-License-Identifier: GPL-2.0
# Helpers for the halo_rd fault tests (sourced, not a test): the two nodes
# of tests/rd/rdlib.sh on 32 MiB loop devices, connect options that hold
# under TCG, faults on the replication link, and a writer of known data.
#
#   ns A (node a, Primary)                 ns B (node b, Secondary)
#   /dev/halo0 -> loop (32 MiB)            /dev/halo1 -> loop (32 MiB)
#   hrd-a-PID 10.77.0.1/24 <-- veth -->    hrd-b-PID 10.77.0.2/24
#        netem qdisc (egress)                   netem qdisc (egress)
#        link down/up here
RD_MB=32
. "$(dirname "$0")/../rd/rdlib.sh"

# A ping every second; the peer is declared dead when a PingAck is 20 s
# late, so a partition is "short" below 20 s and "long" above 21 s. (With
# 10 s, a 3 s partition dropped the connection on a loaded host: every tc
# call costs seconds under TCG, and TCP's retransmission backoff adds more.)
PING_OPTS=(--ping-int=1 --ping-timeout=200 --timeout=100 --connect-int=1)
VETH_A=hrd-a-$$
VETH_B=hrd-b-$$
CHUNK_KB=64

# netem_set NETEM-ARGS...: the same netem qdisc on both ends of the link.
netem_set() {
	tc -n "$A" qdisc replace dev "$VETH_A" root netem "$@" &&
		tc -n "$B" qdisc replace dev "$VETH_B" root netem "$@"
}
netem_clear() {
	tc -n "$A" qdisc del dev "$VETH_A" root 2>/dev/null
	tc -n "$B" qdisc del dev "$VETH_B" root 2>/dev/null
	true
}
link_down() { ip -n "$A" link set "$VETH_A" down; }
link_up() { ip -n "$A" link set "$VETH_A" up; }

# pattern FILE MB: MB MiB of random data kept in FILE (the known data).
pattern() {
	head -c "$(($2 << 20))" /dev/urandom >"$1" && on_exit rm -f "$1"
}
# region_md5 DEV OFFSET_MB MB: md5 of MB MiB of DEV from OFFSET_MB MiB.
region_md5() {
	dd if="$1" bs=1M skip="$2" count="$3" iflag=direct status=none |
		md5sum | cut -d' ' -f1
}
file_md5() { md5sum <"$1" | cut -d' ' -f1; }
# md5_of DEV BYTES (replaces rdlib.sh's): the same sum, read in 1 MiB
# O_DIRECT blocks, since 4 KiB reads cost seconds per device under TCG.
md5_of() {
	dd if="$1" bs=1M count=$((($2 + (1 << 20) - 1) >> 20)) iflag=direct \
		status=none | head -c "$2" | md5sum | cut -d' ' -f1
}

# writer PAT FIRST LOG STOP: write PAT to /dev/halo0 in 64 KiB chunks, one
# O_DIRECT write at a time, chunk k at 64 KiB chunk FIRST+k; append k to
# LOG when its write has completed (was acknowledged); stop when the file
# STOP exists or PAT is used up.
writer() {
	local pat=$1 first=$2 log=$3 stop=$4 k=0 n
	n=$(($(stat -c %s "$pat") / (CHUNK_KB * 1024)))
	while ((k < n)) && [[ ! -e $stop ]]; do
		dd if="$pat" of=/dev/halo0 bs=${CHUNK_KB}k skip=$k \
			seek=$((first + k)) count=1 oflag=direct status=none ||
			return 1
		echo "$k" >>"$log"
		k=$((k + 1))
		sleep 0.1
	done
}
# acked LOG: how many chunks the writer has completed.
acked() { wc -l <"$1"; }
# acked_at_least LOG N
acked_at_least() { (($(acked "$1") >= $2)); }
# disks_equal: both backing devices hold the same data area.
disks_equal() {
	[[ $(md5_of "$LOOP_A" "$SIZE") == "$(md5_of "$LOOP_B" "$SIZE")" ]]
}
# rd_synced (replaces rdlib.sh's): both nodes Connected, UpToDate/UpToDate,
# with one status call per node (each tool call costs seconds under TCG).
node_synced() {
	local s
	s=$(rds_"$1" status r0 --verbose) &&
		[[ $s == *$'\n  disk:UpToDate\n'* && $s == *"peer-disk:UpToDate"* &&
			$s == *"  cs:Connected "* ]]
}
rd_synced() { node_synced a && node_synced b; }
# cstate_in NODE STATE...: the node's connection state is one of these.
cstate_in() {
	local s n=$1
	s=$(rds_"$n" cstate r0)
	shift
	[[ " $* " == *" $s "* ]]
}
export -f acked acked_at_least disks_equal cstate_in md5_of node_synced rd_synced
export LOOP_A LOOP_B SIZE
