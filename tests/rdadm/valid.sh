#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# halo-rdadm reads every construct of the drbd.conf 8.4 grammar and dumps it
# back normalised: resource-level device/disk/meta-disk expanded into each
# host, syncer and a bare protocol moved to their 8.4 sections, units and
# booleans normalised, strings quoted only when needed; the dump parses back
# to an identical dump. No kernel needed: runs on the host.
. "$(dirname "$0")/../lib.sh"
ktap_plan 7
tmp=$(mktemp -d)
on_exit rm -rf "$tmp"
export HALO_HOSTNAME=alpha

cat >"$tmp/halo.conf" <<'CONF'
# every construct once
global {
	usage-count no; minor-count 8;
	disable-ip-verification;
}
common {
	protocol C;
	net { ping-int 3; max-buffers 4096; }
	disk { on-io-error detach; c-plan-ahead 20; c-max-rate 100m;
	       c-fill-target 0100s; c-min-rate 250K; }
	startup { wfc-timeout 10; degr-wfc-timeout 5; }
	handlers { split-brain "/usr/lib/halo/notify.sh \"root\""; }
	options { on-no-data-accessible suspend-io; }
}
resource r0 {
	protocol A;
	device /dev/halo0; disk /dev/vdb; meta-disk internal;
	syncer { rate 40M; verify-alg crc32c; al-extents 3000; cpu-mask 3; }
	net { allow-two-primaries; after-sb-0pri discard-node-beta; shared-secret "s e c"; }
	startup { become-primary-on alpha; wait-after-sb; }
	on alpha { address 10.0.0.1:7789; }
	on beta { address 10.0.0.2:7789; meta-disk /dev/vdd[3]; }
}
resource r1 {
	volume 0 { device minor 1; disk /dev/vdc; meta-disk /dev/vde;
		   disk { resync-rate 1G; disk-flushes no; } }
	volume 1 { device /dev/disk-r1 minor 2; disk none; }
	on alpha { volume 1 { disk /dev/vdf; flexible-meta-disk internal; }
		   address ipv6 [fd00:0:0::1]:7790; }
	on beta {
		address ipv6 [fd00::2]:7790;
		volume 1 { disk /dev/vdg; meta-disk /dev/vdh [7]; }
	}
}
CONF

want='global {
    usage-count no;
    minor-count 8;
    disable-ip-verification;
}

common {
    options {
        on-no-data-accessible suspend-io;
    }
    net {
        protocol           C;
        ping-int           3;
        max-buffers      4096;
    }
    disk {
        on-io-error      detach;
        c-plan-ahead      20;
        c-max-rate       100M;
        c-fill-target    100s;
        c-min-rate       250k;
    }
    startup {
        wfc-timeout       10;
        degr-wfc-timeout   5;
    }
    handlers {
        split-brain      "/usr/lib/halo/notify.sh \"root\"";
    }
}

resource r0 {
    on alpha {
        device           /dev/halo0 minor 0;
        disk             /dev/vdb;
        meta-disk        internal;
        address          ipv4 10.0.0.1:7789;
    }
    on beta {
        device           /dev/halo0 minor 0;
        disk             /dev/vdb;
        meta-disk        /dev/vdd [3];
        address          ipv4 10.0.0.2:7789;
    }
    options {
        cpu-mask           3;
    }
    net {
        protocol           A;
        verify-alg       crc32c;
        allow-two-primaries yes;
        after-sb-0pri    discard-node-beta;
        shared-secret    "s e c";
    }
    disk {
        resync-rate      40M;
        al-extents       3000;
    }
    startup {
        become-primary-on alpha;
        wait-after-sb    yes;
    }
}

resource r1 {
    on alpha {
        volume 0 {
            device       minor 1;
            disk         /dev/vdc;
            meta-disk    /dev/vde;
            disk {
                resync-rate       1G;
                disk-flushes      no;
            }
        }
        volume 1 {
            device       /dev/disk-r1 minor 2;
            disk         /dev/vdf;
            meta-disk    internal;
        }
        address          ipv6 [fd00::1]:7790;
    }
    on beta {
        volume 0 {
            device       minor 1;
            disk         /dev/vdc;
            meta-disk    /dev/vde;
            disk {
                resync-rate       1G;
                disk-flushes      no;
            }
        }
        volume 1 {
            device       /dev/disk-r1 minor 2;
            disk         /dev/vdg;
            meta-disk    /dev/vdh [7];
        }
        address          ipv6 [fd00::2]:7790;
    }
}'
out=$(halo-rdadm -c "$tmp/halo.conf" dump 2>&1)
expect_eq "dump prints every construct normalised" "$want" "$out"

halo-rdadm -c "$tmp/halo.conf" dump >"$tmp/d1"
halo-rdadm -c "$tmp/d1" dump >"$tmp/d2"
check "dump | parse | dump is identical" cmp "$tmp/d1" "$tmp/d2"
out=$(halo-rdadm -c "$tmp/halo.conf" dump all)
expect_eq "dump all is dump" "$(cat "$tmp/d1")" "$out"

# A single resource: no global/common, only that resource.
out=$(halo-rdadm -c "$tmp/halo.conf" dump r1 | head -n 1)
expect_eq "dump RES prints only that resource" "resource r1 {" "$out"

# Common inheritance: r0 overrides protocol, inherits ping-int and the rest.
out=$(halo-rdadm -c "$tmp/halo.conf" dump --effective r0 | sed -n '/^    net {/,/^    }/p')
expect_eq "r0 inherits common's net options, its own protocol wins" "    net {
        protocol           A;
        verify-alg       crc32c;
        allow-two-primaries yes;
        after-sb-0pri    discard-node-beta;
        shared-secret    \"s e c\";
        ping-int           3;
        max-buffers      4096;
    }" "$out"
out=$(halo-rdadm -c "$tmp/halo.conf" dump -e r1 | grep -c 'wfc-timeout       10;')
expect_eq "r1 without its own startup section inherits common's" 1 "$out"
halo-rdadm -c "$tmp/halo.conf" dump --effective >"$tmp/e1"
halo-rdadm -c "$tmp/e1" dump --effective >"$tmp/e2"
check "the effective dump parses back to itself" cmp "$tmp/e1" "$tmp/e2"
ktap_finish
