#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The tools reach their modules over generic netlink, loading them through
# libkmod when they are not loaded yet, and print the kernel's version.
. "$(dirname "$0")/../lib.sh"
ktap_plan 6
modprobe -r $(awk '/^halo_vs_/ {print $1}' /proc/modules) halo_vs halo_rd 2>/dev/null

out=$(halo-vsadm -v 2>&1)
expect_eq "halo-vsadm -v names the tool and the module" \
	"halo-vsadm v0.1.0
halo_vs module v0.1.0" "$out"
check "halo-vsadm loaded halo_vs through libkmod" grep -q '^halo_vs ' /proc/modules

out=$(halo-rdadm --version 2>&1)
expect_eq "halo-rdadm --version names the tool and the module" \
	"halo-rdadm v0.1.0
halo_rd module v0.1.0" "$out"
check "halo-rdadm loaded halo_rd through libkmod" grep -q '^halo_rd ' /proc/modules

halo-vsadm --bogus >/dev/null 2>&1
expect_eq "halo-vsadm unknown option exits 255, as ipvsadm does" 255 $?
# Schedulers loaded on demand hold halo_vs, as ip_vs_rr holds ip_vs.
check "modules unload" modprobe -r $(awk '/^halo_vs_/ {print $1}' /proc/modules) halo_vs halo_rd
ktap_finish
