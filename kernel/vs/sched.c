// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduler registry. Each scheduler is its own module (halo_vs_NAME.ko)
 * and registers a struct hvs_scheduler by name; a service looks its
 * scheduler up by name, loading halo_vs_NAME on demand, and holds a
 * reference on the module while it uses it.
 */

#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "hvs.h"

/* protects: hvs_schedulers */
static DEFINE_MUTEX(hvs_sched_lock);
static LIST_HEAD(hvs_schedulers);

static struct hvs_scheduler *hvs_sched_find(const char *name)
{
	struct hvs_scheduler *s;

	lockdep_assert_held(&hvs_sched_lock);
	list_for_each_entry(s, &hvs_schedulers, list)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

static struct hvs_scheduler *hvs_sched_try_get(const char *name)
{
	struct hvs_scheduler *s;

	mutex_lock(&hvs_sched_lock);
	s = hvs_sched_find(name);
	if (s && !try_module_get(s->owner))
		s = NULL;
	mutex_unlock(&hvs_sched_lock);
	return s;
}

/**
 * hvs_sched_get() - find a scheduler by name, loading its module if needed
 * @name: the scheduler's name, e.g. "wlc"
 *
 * Context: process context, may sleep (module loading).
 * Return: the scheduler with a module reference, or NULL.
 */
struct hvs_scheduler *hvs_sched_get(const char *name)
{
	struct hvs_scheduler *s;

	s = hvs_sched_try_get(name);
	if (s)
		return s;
	request_module("halo_vs_%s", name);
	return hvs_sched_try_get(name);
}

/**
 * hvs_sched_put() - drop the module reference of hvs_sched_get()
 * @s: the scheduler
 *
 * Context: any.
 */
void hvs_sched_put(struct hvs_scheduler *s)
{
	module_put(s->owner);
}

/**
 * hvs_register_scheduler() - make a scheduler available by name
 * @s: the scheduler, with name, owner and schedule set
 *
 * Context: process context (module init of the scheduler).
 * Return: 0, -EINVAL for an incomplete ops struct, -EEXIST for a taken name.
 */
int hvs_register_scheduler(struct hvs_scheduler *s)
{
	int ret = 0;

	if (WARN_ON_ONCE(!s->name || !s->schedule))
		return -EINVAL;
	mutex_lock(&hvs_sched_lock);
	if (hvs_sched_find(s->name))
		ret = -EEXIST;
	else
		list_add_tail(&s->list, &hvs_schedulers);
	mutex_unlock(&hvs_sched_lock);
	if (!ret)
		pr_info("scheduler %s registered\n", s->name);
	return ret;
}
EXPORT_SYMBOL_GPL(hvs_register_scheduler);

/**
 * hvs_unregister_scheduler() - withdraw a scheduler
 * @s: the scheduler
 *
 * No service uses it any more: each service holds a module reference.
 *
 * Context: process context (module exit of the scheduler).
 */
void hvs_unregister_scheduler(struct hvs_scheduler *s)
{
	mutex_lock(&hvs_sched_lock);
	list_del(&s->list);
	mutex_unlock(&hvs_sched_lock);
}
EXPORT_SYMBOL_GPL(hvs_unregister_scheduler);

/**
 * hvs_dest_overhead() - the load figure lc and wlc compare
 * @dest: the real server
 *
 * Linux 6.1's figure: 256 * active + (active + inactive) connections, that
 * is 257 * active + inactive.
 *
 * Context: any.
 * Return: the overhead.
 */
u64 hvs_dest_overhead(const struct hvs_dest *dest)
{
	u64 active = atomic_read(&dest->activeconns);

	return (active << 8) + active + atomic_read(&dest->inactconns);
}
EXPORT_SYMBOL_GPL(hvs_dest_overhead);

/**
 * hvs_dest_usable() - whether a real server may take a new connection
 * @dest: the real server
 *
 * Context: any (RCU read side for the packet path).
 * Return: true if it is available, has a weight above 0 and is not over
 * its upper threshold.
 */
bool hvs_dest_usable(const struct hvs_dest *dest)
{
	return READ_ONCE(dest->available) && READ_ONCE(dest->weight) > 0 &&
	       !READ_ONCE(dest->overloaded);
}
EXPORT_SYMBOL_GPL(hvs_dest_usable);
