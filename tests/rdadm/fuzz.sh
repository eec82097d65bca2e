#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Random truncations and mutations of a valid file never crash the parser:
# every run exits 0 or 10, and every error names the file with line and
# column. The parser is rebuilt with AddressSanitizer and UBSan when the
# compiler can (falling back to the normal binary), so memory errors and
# leaks on error paths fail the test too. Deterministic (fixed seed).
# Runs on the host.
# timeout=120
. "$(dirname "$0")/../lib.sh"
ktap_plan 3
tmp=$(mktemp -d)
on_exit rm -rf "$tmp"
export HALO_HOSTNAME=alpha
top=$HALO_TOP
bin=$tmp/halo-rdadm
# shellcheck disable=SC2046
if cc -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-I"$top/include/uapi" -I"$top/userland/common" -o "$bin" \
	"$top"/userland/rdadm/*.c "$top"/userland/common/*.c \
	$(pkg-config --cflags --libs libmnl libkmod) 2>"$tmp/cc.log"; then
	ktap_ok "built halo-rdadm with ASan and UBSan"
else
	ktap_ok "built halo-rdadm with ASan and UBSan # SKIP compiler cannot: using the normal binary"
	sed 's/^/# /' "$tmp/cc.log" | head -n 5
	bin=$(command -v halo-rdadm)
fi
export ASAN_OPTIONS=exitcode=99:detect_leaks=1 UBSAN_OPTIONS=exitcode=98:print_stacktrace=1

mkdir "$tmp/cases" "$tmp/run"
cat >"$tmp/seed.conf" <<'CONF'
global { usage-count no; disable-ip-verification; }
common {
	protocol C;
	net { ping-int 3; after-sb-0pri discard-node-beta; shared-secret "a \"b\" c"; }
	disk { on-io-error detach; c-max-rate 100M; c-fill-target 100s; }
	startup { wfc-timeout 10; }
	handlers { fence-peer "/usr/lib/halo/fence.sh"; }
}
resource r0 {
	device /dev/halo0; disk /dev/vdb; meta-disk internal;
	syncer { rate 40M; }
	on alpha { address 10.0.0.1:7789; }
	on beta { address ipv6 [fd00::2]:7789; meta-disk /dev/vdd[3]; }
}
resource r1 {
	volume 0 { device minor 1; disk /dev/vdc; meta-disk /dev/vde [1]; disk { resync-rate 1G; } }
	volume 1 { device /dev/x minor 2; disk none; }
	on alpha { volume 1 { disk /dev/vdf; meta-disk internal; } address 10.0.0.1:7790; }
	on beta { address 10.0.0.2:7790; volume 1 { disk /dev/vdg; meta-disk internal; } }
}
CONF
check "the seed file is valid" bash -c '"$0" -c "$1" dump >/dev/null' "$bin" "$tmp/seed.conf"

python3 - "$tmp/seed.conf" "$tmp/cases" <<'PY'
import random, sys
seed = open(sys.argv[1], 'rb').read()
out = sys.argv[2]
rnd = random.Random(6)
tokens = [b'{', b'}', b';', b'"', b'#', b'[', b']', b':', b'\0', b'\n', b'\\', b' ',
          b'volume 99999999999999999999 {', b'minor -1;', b'on alpha {', b'resource r0 {',
          b'include "*";', b'x' * 5000, b'\xff', b'999999999999999999999G', b'ipv6',
          b'[::]:0', b'disk', b'meta-disk', b'device']
cases = []
for i in range(0, len(seed), max(1, len(seed) // 60)):
    cases.append(seed[:i])                      # truncations
while len(cases) < 250:
    b = bytearray(seed)
    for _ in range(rnd.randint(1, 4)):
        pos = rnd.randrange(len(b))
        op = rnd.randrange(4)
        if op == 0:
            del b[pos:pos + rnd.randint(1, 20)]
        elif op == 1:
            b[pos:pos] = rnd.choice(tokens)
        elif op == 2:
            b[pos] = rnd.randrange(256)
        else:
            lines = bytes(b).split(b'\n')
            rnd.shuffle(lines)
            b = bytearray(b'\n'.join(lines))
    cases.append(bytes(b))
for n, c in enumerate(cases):
    open('%s/%03d.conf' % (out, n), 'wb').write(c)
PY

bad=0 n=0 ok0=0 ok10=0
for c in "$tmp"/cases/*.conf; do
	n=$((n + 1))
	cp "$c" "$tmp/run/halo.conf"
	"$bin" -c "$tmp/run/halo.conf" dump >/dev/null 2>"$tmp/err"
	rc=$?
	case $rc in
	0) ok0=$((ok0 + 1)) ;;
	10)
		ok10=$((ok10 + 1))
		grep -q "^halo-rdadm: $tmp/run/halo.conf:[0-9]*:[0-9]*: ." "$tmp/err" && continue
		;;
	esac
	[[ $rc == 0 ]] && continue
	bad=$((bad + 1))
	((bad <= 3)) && { diag "$(basename "$c"): exit $rc"; head -n 5 "$tmp/err" | sed 's/^/# /'; }
done
diag "$n files: $ok0 valid, $ok10 rejected with FILE:LINE:COL"
expect_eq "no mutated file crashes or errs without FILE:LINE:COL" 0 "$bad"
ktap_finish
