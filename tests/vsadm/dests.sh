#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Real servers: -a/-e/-d with -g/-i/-m, ports forced for -g/-i, weights,
# thresholds, IPv6 and mixed families, refusals (duplicate, missing service
# or server, thresholds out of range), and every listing and -S, compared
# with ipvsadm 1.31.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vsdiff.bash"
vsdiff_need_ops NEW_SERVICE DEL_SERVICE GET_SERVICE NEW_DEST SET_DEST DEL_DEST GET_DEST FLUSH ||
	skip_all "halo_vs has no HALO_VS_CMD_$VSDIFF_MISSING yet (kernel branch vs)"
seq=$(dirname "$0")/dests.seq
vsdiff_plan "$seq"
vsdiff_run dests "$seq"
vsdiff_finish
