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
# The test-only module is built apart so that `make install` never ships it.
TESTMOD := $(TOP)/tests/harness/module

# Userland: the tools in userland/ (see userland/Makefile).
export KVER

.PHONY: all modules userland stage lint checkpatch sparse check test demo bench clean vm-shell deps \
	install uninstall modules_install built dkms-source dkms-install dkms-uninstall deb

all: modules userland

deps:
	@scripts/deps

modules:
	@test -d "$(KDIR)" || { echo "make: no kernel headers at '$(KDIR)' (run scripts/deps)" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(TOP) W=1 modules
	$(MAKE) -C $(KDIR) M=$(TESTMOD) W=1 modules

userland:
	$(MAKE) -C userland

# A modules tree for the guest: our .ko files beside a link to the packaged
# modules, indexed by depmod on the host (depmod inside the guest takes minutes).
# The .ko list is a shell glob: make's $(wildcard) caches the directory as it
# was before `modules` built them, so a first `make test` staged none.
stage: modules
	@scripts/stage-modules "$(KVER)" "$(STAGE)" kernel/*/*.ko $(TESTMOD)/halo_test_warn.ko

lint: checkpatch sparse
	$(MAKE) -C userland lint

checkpatch:
	@scripts/checkpatch

sparse:
	@test -d "$(KDIR)" || { echo "make: no kernel headers at '$(KDIR)'" >&2; exit 1; }
	@mkdir -p build
	$(MAKE) -C $(KDIR) M=$(TOP) C=2 CF=-D__CHECK_ENDIAN__ modules 2>&1 | tee build/sparse.log
	@! grep -E ': (warning|error):' build/sparse.log

# The test command. T=group[/test] runs a subset, e.g. `make test T=vs`.
check: deps
	$(MAKE) all
	$(MAKE) lint
	$(MAKE) test JOBS=$(or $(JOBS),2)

test: stage userland
	@$(MAKE) -s -C userland/bench
	@JOBS=$(or $(JOBS),1) tests/run $(T)

demo: deps
	$(MAKE) stage userland
	@scripts/demo

# Benchmarks, not tests: halo beside ip_vs / drbd 8.4 in the same guest run.
# QUICK=1 for a short run; B=suite (e.g. B=vs) for one suite.
bench: deps
	$(MAKE) stage userland
	@QUICK=$(QUICK) scripts/bench/run $(B)

vm-shell: stage userland
	@scripts/vm --shell

# Installation. DESTDIR and PREFIX are honoured; IPVSADM_ALIAS=1 also installs
# halo-vsadm under the name ipvsadm (for ldirectord and other callers).
DESTDIR ?=
PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
UNITDIR ?= /lib/systemd/system
MODDIR := /lib/modules/$(KVER)/updates/halo
IPVSADM_ALIAS ?= 0
INSTALLED_MODULES = $(addprefix $(MODDIR)/,$(notdir $(wildcard kernel/*/*.ko)))
MANPAGES = $(wildcard userland/man/*.[0-9])
INSTALLED_FILES = $(INSTALLED_MODULES) \
	$(SBINDIR)/halo-vsadm $(SBINDIR)/halo-rdadm $(SBINDIR)/halo-rdsetup \
	$(foreach m,$(MANPAGES),$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m))) \
	/etc/modules-load.d/halo.conf /etc/modprobe.d/halo.conf \
	$(UNITDIR)/halo-vs.service $(UNITDIR)/halo-rd.service

# Like the kernel's modules_install, installing never rebuilds: run make first.
BUILT := $(wildcard kernel/*/*.ko) userland/vsadm/halo-vsadm userland/rdadm/halo-rdadm userland/rdsetup/halo-rdsetup
built:
	@for f in kernel/vs/halo_vs.ko kernel/rd/halo_rd.ko $(filter userland/%,$(BUILT)); do \
		test -e $$f || { echo "make: '$$f' is not built (run make first)" >&2; exit 1; }; done

modules_install: built
	install -d $(DESTDIR)$(MODDIR)
	install -m 0644 $(wildcard kernel/*/*.ko) $(DESTDIR)$(MODDIR)/
	$(if $(DESTDIR),,depmod -a $(KVER))

install: built modules_install
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)/etc/halo $(DESTDIR)$(UNITDIR) \
		$(DESTDIR)/etc/modules-load.d $(DESTDIR)/etc/modprobe.d
	install -m 0755 userland/vsadm/halo-vsadm userland/rdadm/halo-rdadm userland/rdsetup/halo-rdsetup $(DESTDIR)$(SBINDIR)/
	$(if $(filter 1,$(IPVSADM_ALIAS)),@scripts/ipvsadm-alias install $(DESTDIR)$(SBINDIR))
	$(foreach m,$(MANPAGES),install -D -m 0644 $(m) $(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m));)
	install -m 0644 scripts/modules-load.d/halo.conf $(DESTDIR)/etc/modules-load.d/halo.conf
	install -m 0644 scripts/modprobe.d/halo.conf $(DESTDIR)/etc/modprobe.d/halo.conf
	install -m 0644 scripts/systemd/halo-vs.service scripts/systemd/halo-rd.service $(DESTDIR)$(UNITDIR)/

# Removes exactly what install added; /etc/halo stays if it holds the
# administrator's files.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED_FILES))
	@scripts/ipvsadm-alias uninstall $(DESTDIR)$(SBINDIR)
	-rmdir $(DESTDIR)$(MODDIR) $(DESTDIR)/etc/halo 2>/dev/null
	$(if $(DESTDIR),,depmod -a $(KVER))

# DKMS: the module sources under /usr/src/halo-VERSION, built by dkms for
# every installed kernel (see dkms.conf).
DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
DKMS_SRC ?= /usr/src/halo-$(DKMS_VERSION)

dkms-source:
	rm -rf $(DESTDIR)$(DKMS_SRC)
	install -d $(DESTDIR)$(DKMS_SRC)
	cp -r Kbuild dkms.conf kernel include $(DESTDIR)$(DKMS_SRC)/
	find $(DESTDIR)$(DKMS_SRC) -name '*.o' -o -name '*.ko' -o -name '*.mod*' -o -name '.*.cmd' \
		-o -name 'modules.order' | xargs rm -f

dkms-install: dkms-source
	dkms add -m halo -v $(DKMS_VERSION)
	dkms install -m halo -v $(DKMS_VERSION) -k $(KVER)

dkms-uninstall:
	dkms remove -m halo -v $(DKMS_VERSION) --all
	rm -rf $(DKMS_SRC)

# Debian packages halo-dkms and halo-utils (see debian/), built from a copy of
# the tree's files (tracked, and new ones not ignored) under build/deb, so the
# tree stays clean; the .deb files land in build/deb.
DEB_DIR := $(TOP)/build/deb
deb:
	rm -rf $(DEB_DIR)
	install -d $(DEB_DIR)/halo-$(DKMS_VERSION)
	git ls-files -z --cached --others --exclude-standard | \
		xargs -0 sh -c 'for f; do [ -e "$$f" ] && printf "%s\0" "$$f"; done' sh | \
		tar --null -T - -cf - | tar -xf - -C $(DEB_DIR)/halo-$(DKMS_VERSION)
	cd $(DEB_DIR)/halo-$(DKMS_VERSION) && dpkg-buildpackage -us -uc -b
	lintian --info $(DEB_DIR)/*.changes | tee $(DEB_DIR)/lintian.log

clean:
	-$(MAKE) -C $(KDIR) M=$(TOP) clean
	-$(MAKE) -C $(KDIR) M=$(TESTMOD) clean
	$(MAKE) -C userland clean
	rm -rf build

# Hostile input (Documentation/fuzzing.md). `make fuzz` runs the libFuzzer
# targets for FUZZ_TIME seconds each (not part of `make check`); `make asan`
# builds the userland with ASan+UBSan into build/asan; `make fuzz-tools`
# builds what tests/fuzz runs (genl-fuzz for its guest, the corpus replayers,
# the ASan userland), and `make test` does it first, on the host.
FUZZ_TIME ?= 60
.PHONY: fuzz asan fuzz-tools fuzz-prep
fuzz:
	$(MAKE) -C userland/fuzz fuzz FUZZ_TIME=$(FUZZ_TIME)

asan:
	@userland/fuzz/build-asan "$(TOP)" "$(TOP)/build/asan"

fuzz-tools:
	@$(MAKE) -s -C userland/fuzz tools replay
	@userland/fuzz/build-asan "$(TOP)" "$(TOP)/build/asan"

# Never blocks other groups: if this fails, tests/fuzz fails on its own.
fuzz-prep:
	-@$(MAKE) -s fuzz-tools

test: fuzz-prep
