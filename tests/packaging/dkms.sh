#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dkms.conf is right: Debian's dkms, in a sandbox of its own (its tree,
# source and install directories under a temporary directory, nothing of the
# host's touched), builds every module that dkms.conf names from the source
# `make dkms-source` lays out, and the modules it built are the ones Kbuild
# builds. Runs on the host: no module is loaded.
. "$(dirname "$0")/../lib.sh"
command -v dkms >/dev/null || skip_all "dkms is not installed"
ktap_plan 4
top=$HALO_TOP
kver=$(ls -d /lib/modules/*/build | cut -d/ -f4 | sort -V | tail -n 1)
sb=$(mktemp -d)
on_exit "rm -rf '$sb'"
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")

check "make dkms-source" make -s -C "$top" dkms-source DKMS_SRC="$sb/src/halo-$ver"
dk=(dkms --dkmstree "$sb/tree" --sourcetree "$sb/src" --installtree "$sb/install" -m halo -v "$ver" -k "$kver")
mkdir -p "$sb/tree" "$sb/install"
check "dkms add" "${dk[@]}" add
check "dkms build" "${dk[@]}" build
built=$(find "$sb/tree/halo/$ver/$kver" -name '*.ko*' -printf '%f\n' | sed 's/\.ko.*//' | sort)
named=$(sed -n 's/^BUILT_MODULE_NAME\[[0-9]*\]="\(.*\)"/\1/p' "$top/dkms.conf" | sort)
kbuild=$(for f in "$top"/kernel/*/Kbuild; do sed -n 's/^obj-m [:+]= *//p' "$f"; done | tr ' ' '\n' |
	sed -n 's/\.o$//p' | sort)
expect_eq "dkms built exactly the modules Kbuild builds" "$kbuild" "$built"
[[ $named == "$built" ]] || diag "dkms.conf names: $(echo $named)"
ktap_finish
