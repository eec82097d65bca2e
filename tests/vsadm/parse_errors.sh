#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# halo-vsadm refuses every malformed command line of parse_errors.seq with
# ipvsadm 1.31's message and exit code (2 for parse errors, 255 for popt
# errors), compared command by command against the real ipvsadm. Neither
# tool gets as far as changing the kernel's tables here.
# timeout=600
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/vsdiff.bash"
seq=$(dirname "$0")/parse_errors.seq
vsdiff_plan "$seq"
vsdiff_run parse "$seq"
vsdiff_finish
