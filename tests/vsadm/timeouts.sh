#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# --set and -L --timeout: 0 keeps a value, the others replace it,
# compared with ipvsadm 1.31.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vsdiff.bash"
vsdiff_need_ops SET_CONFIG GET_CONFIG ||
	skip_all "halo_vs has no HALO_VS_CMD_$VSDIFF_MISSING yet (kernel branch vs)"
seq=$(dirname "$0")/timeouts.seq
vsdiff_plan "$seq"
vsdiff_run timeouts "$seq"
vsdiff_finish
