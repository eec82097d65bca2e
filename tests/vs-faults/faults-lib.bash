# SPDX-License-Identifier: GPL-2.0
# Helpers of the vs-faults tests (sourced after ../lib.sh and
# ../vs/vs-lib.bash; not a test). The load is userland/bench/vs-load: C, so
# that it makes hundreds of short connections a second even under TCG, and
# its servers close first, so that the director's entries end in CLOSE
# (10 s) rather than TIME_WAIT (120 s).

LOAD=$HALO_TOP/userland/bench/vs-load
# Built on the host by `make test`; here (slowly) only if missing or stale.
make -s -C "$HALO_TOP/userland/bench" >/dev/null || skip_all "cannot build vs-load"

# load_servers: "vs-load serve 80 rsN" in each real server's namespace
load_servers() {
	local i
	for i in 1 2 3; do
		ip netns exec "${RS[i - 1]}" timeout 600 "$LOAD" serve 80 rs$i &
	done
	for i in 1 2 3; do
		wait_for 60 tcp_listening "${RS[i - 1]}" 80 || return 1
	done
}

# load_run SECONDS CONCURRENCY: short connections from the client to the
# VIP; prints "ok N fail M" and "answer rsN COUNT" lines
load_run() {
	ip netns exec "$C" timeout $(($1 + 30)) "$LOAD" conn $VIP4 80 "$1" "$2" 0.0.0.0 1
}

# opens N: connections real server N accepted (its stack's PassiveOpens)
opens() {
	ip netns exec "${RS[$1 - 1]}" awk '/^Tcp:/ && n++ { print $7 }' /proc/net/snmp
}

# rs_idle N: real server N has no connection left on port 80 (none
# established, half-open or closing from its side, TIME_WAIT aside)
rs_idle() {
	[[ -z $(ip netns exec "${RS[$1 - 1]}" ss -tnH state syn-recv state established \
		state fin-wait-1 state fin-wait-2 state close-wait state last-ack \
		'sport = :80') ]]
}

# answers OUT NAME: how many answers NAME got in a load_run output
answers() { awk -v n="$2" '$1 == "answer" && $2 == n { c = $3 } END { print c + 0 }' <<<"$1"; }
