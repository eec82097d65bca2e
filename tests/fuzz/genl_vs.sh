#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 100,000 malformed, random and mutated HALO_VS messages (genl-fuzz, see
# Documentation/fuzzing.md): the kernel answers every one, refuses every
# malformed one, keeps no state after flush, does not warn (checked by the
# harness) and does not leak slab memory across a module reload.
#
#   genl-fuzz --(generic netlink, NETLINK_GENERIC socket)--> halo_vs
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fuzz-lib.bash"
genl_fuzz_family halo_vs HALO_VS "${HALO_FUZZ_COUNT:-100000}"
ktap_finish
