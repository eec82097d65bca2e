# SPDX-License-Identifier: GPL-2.0
# Helpers for tests/fuzz. Source after ../lib.sh.

# The fuzz tools, built on the host by `make fuzz-tools` (which `make test`
# runs); built here, slowly, if they are missing or stale.
fuzz_build() { # fuzz_build MAKE-TARGET
	make -s -C "$HALO_TOP/userland/fuzz" "$@" >/dev/null
}
GENL_FUZZ=$HALO_TOP/build/fuzz/genl-fuzz

# Unreclaimable slab in kB, the least of three readings after dropping
# caches (the fuzzer's leaks would be unreclaimable kmalloc memory).
slab_kb() {
	local i v min=
	for i in 1 2 3; do
		sync
		echo 3 >/proc/sys/vm/drop_caches
		v=$(awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo)
		[[ -z $min || $v -lt $min ]] && min=$v
		sleep 0.2
	done
	echo "$min"
}

has_line() { grep -qE -- "$1" <<<"$2"; } # has_line REGEX TEXT

# The seed: HALO_FUZZ_SEED, "random" for a new one, else a fixed one.
fuzz_seed() {
	case ${HALO_FUZZ_SEED:-} in
	'') echo 20261122 ;;
	random) od -An -N4 -tu4 /dev/urandom | tr -d ' ' ;;
	*) echo "$HALO_FUZZ_SEED" ;;
	esac
}

# genl_fuzz_family MODULE FAMILY COUNT: the whole fuzz test of one family.
genl_fuzz_family() {
	local mod=$1 fam=$2 count=$3 seed before after delta out rc
	local tol=${HALO_FUZZ_LEAK_KB:-1024}
	fuzz_build tools || { ktap_not_ok "build genl-fuzz"; ktap_finish; }
	modprobe -r "$mod" 2>/dev/null
	check "modprobe $mod" modprobe "$mod"
	out=$("$GENL_FUZZ" -f "$fam" --info -v 2>&1)
	echo "$out" | sed 's/^/# /'
	check "genl-fuzz resolves $fam, its ops and policies" has_line ' [1-9][0-9]* ops' "$out"
	# Warm the slab caches, then the baseline with the module freshly loaded.
	"$GENL_FUZZ" -f "$fam" -n 3000 -s 1 >/dev/null 2>&1
	modprobe -r "$mod" && modprobe "$mod"
	before=$(slab_kb)
	seed=$(fuzz_seed)
	out=$("$GENL_FUZZ" -f "$fam" -n "$count" -s "$seed" -t 240 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	expect_eq "$fam: $count messages sent (seed $seed)" "$count" \
		"$(echo "$out" | sed -n 's/^genl-fuzz: \([0-9]*\) messages in .*/\1/p')"
	check "$fam: every must-fail message refused, every message answered, no state left" \
		test "$rc" = 0
	check "$fam: some must-fail messages were sent" has_line '^genl-fuzz: must-fail [1-9]' "$out"
	modprobe -r "$mod" && modprobe "$mod"
	after=$(slab_kb)
	delta=$((after - before))
	diag "SUnreclaim before ${before} kB, after ${after} kB (delta ${delta} kB, tolerance ${tol} kB)"
	check "$fam: no slab growth beyond ${tol} kB after flush and module reload" \
		test "$delta" -lt "$tol"
	modprobe -r "$mod"
}
