#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every listing of an empty table (-L in all formats, -c, --timeout, -S)
# prints what ipvsadm 1.31 prints on an empty ip_vs, byte for byte; a listing
# of a missing service fails with exit 1.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vsdiff.bash"
vsdiff_need_ops GET_INFO GET_SERVICE GET_DEST GET_CONFIG GET_CONN ZERO FLUSH ||
	skip_all "halo_vs has no HALO_VS_CMD_$VSDIFF_MISSING yet (kernel branch vs)"
seq=$(dirname "$0")/listing_empty.seq
vsdiff_plan "$seq"
vsdiff_run listing_empty "$seq"
vsdiff_finish
