# SPDX-License-Identifier: GPL-2.0
#
# halo: top-level build. `make` builds the kernel modules against the newest
# installed Debian kernel headers and the userland tools; `make check` installs
# what is missing, lints, builds, and runs every test group in QEMU guests.

# The kernel we test is Debian's packaged one, never the host's (uname -r).
KVER ?= $(shell ls -d /lib/modules/*/build 2>/dev/null | cut -d/ -f4 | sort -V | tail -n 1)
KDIR ?= /lib/modules/$(KVER)/build
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
STAGE := $(TOP)/build/stage
MODULES := kernel/vs/halo_vs.ko kernel/rd/halo_rd.ko tests/harness/module/halo_test_warn.ko

# Userland: the tools in userland/ (see userland/Makefile).
export KVER

.PHONY: all modules userland stage lint checkpatch sparse check test demo clean vm-shell deps

all: modules userland

deps:
	@scripts/deps

modules:
	@test -d "$(KDIR)" || { echo "make: no kernel headers at '$(KDIR)' (run scripts/deps)" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(TOP) W=1 modules

userland:
	$(MAKE) -C userland

# A modules tree for the guest: our .ko files beside a link to the packaged
# modules, indexed by depmod on the host (depmod inside the guest takes minutes).
stage: modules
	@scripts/stage-modules "$(KVER)" "$(STAGE)" $(MODULES)

lint: checkpatch sparse
	$(MAKE) -C userland lint

checkpatch:
	@scripts/checkpatch

sparse:
	@test -d "$(KDIR)" || { echo "make: no kernel headers at '$(KDIR)'" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(TOP) C=2 CF=-D__CHECK_ENDIAN__ modules 2>&1 | tee build/sparse.log
	@! grep -E ': (warning|error):' build/sparse.log

# The test command. T=group[/test] runs a subset, e.g. `make test T=vs`.
check: deps
	$(MAKE) all
	$(MAKE) lint
	$(MAKE) test

test: stage userland
	@tests/run $(T)

demo: deps
	$(MAKE) stage userland
	@scripts/demo

vm-shell: stage userland
	@scripts/vm --shell

clean:
	-$(MAKE) -C $(KDIR) M=$(TOP) clean
	$(MAKE) -C userland clean
	rm -rf build
