/* SPDX-License-Identifier: GPL-2.0 */
/* Loading a kernel module by name through libkmod, as modprobe would. */
#ifndef HALO_KMOD_H
#define HALO_KMOD_H

/*
 * halo_load_module() - load @name and its dependencies unless already live.
 * Returns 0 or a negative errno; on failure *why points at a static reason.
 */
int halo_load_module(const char *name, const char **why);

#endif
