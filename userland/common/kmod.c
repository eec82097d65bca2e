// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <libkmod.h>

#include "kmod.h"

int halo_load_module(const char *name, const char **why)
{
	struct kmod_ctx *ctx;
	struct kmod_list *list = NULL, *it;
	int ret;

	*why = "";
	ctx = kmod_new(NULL, NULL);
	if (!ctx) {
		*why = "cannot initialise libkmod";
		return -ENOMEM;
	}
	ret = kmod_module_new_from_lookup(ctx, name, &list);
	if (ret < 0 || !list) {
		*why = "module not found";
		ret = ret < 0 ? ret : -ENOENT;
		goto out_ctx;
	}
	kmod_list_foreach(it, list) {
		struct kmod_module *mod = kmod_module_get_module(it);

		ret = kmod_module_probe_insert_module(mod, 0, NULL, NULL, NULL,
						      NULL);
		kmod_module_unref(mod);
		if (ret < 0) {
			*why = strerror(-ret);
			break;
		}
	}
	kmod_module_unref_list(list);
out_ctx:
	kmod_unref(ctx);
	return ret < 0 ? ret : 0;
}
