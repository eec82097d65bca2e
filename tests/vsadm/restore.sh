#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# -R reads ipvsadm lines from stdin with ipvsadm 1.31's behaviour: blank
# lines skipped, a comment or -R line aborts (exit 255), a kernel refusal is
# reported and the restore goes on, a parse error stops it (exit 2) with the
# lines before it applied.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vsdiff.bash"
vsdiff_need_ops NEW_SERVICE GET_SERVICE NEW_DEST GET_DEST FLUSH ZERO GET_CONFIG ||
	skip_all "halo_vs has no HALO_VS_CMD_$VSDIFF_MISSING yet (kernel branch vs)"
seq=$(dirname "$0")/restore.seq
vsdiff_plan "$seq"
vsdiff_run restore "$seq"
vsdiff_finish
