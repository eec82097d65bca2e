// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics of services and real servers: per-CPU counters written by the
 * packet path without locks, summed when read, and a rate estimator that
 * runs every two seconds per namespace.
 *
 * The estimator keeps each rate as a fixed-point number scaled by 2^10 and
 * smooths it with an exponentially weighted moving average of weight 1/4:
 *   sample = (sum_now - sum_2s_ago) * 2^10 / 2
 *   rate  += (sample - rate) / 4
 * so a steady load converges within a few ticks and a stop decays alike.
 */

#include <linux/percpu.h>
#include <linux/string.h>

#include "hvs.h"

#define HVS_EST_PERIOD	(2 * HZ)
#define HVS_EST_SHIFT	10

/**
 * hvs_stats_init() - allocate the per-CPU counters of a stats block
 * @st: the block, zeroed by the caller
 *
 * Context: process context.
 * Return: 0 or -ENOMEM.
 */
int hvs_stats_init(struct hvs_stats *st)
{
	int cpu;

	st->cpu = alloc_percpu(struct hvs_cpu_stats);
	if (!st->cpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(st->cpu, cpu)->syncp);
	return 0;
}

/**
 * hvs_stats_free() - free the per-CPU counters
 * @st: the block
 *
 * Context: any context, once no reader or writer is left.
 */
void hvs_stats_free(struct hvs_stats *st)
{
	free_percpu(st->cpu);
	st->cpu = NULL;
}

static void hvs_stats_raw(const struct hvs_stats *st, struct hvs_counters *sum)
{
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct hvs_cpu_stats *s = per_cpu_ptr(st->cpu, cpu);
		u64 v[5];
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			v[0] = s->conns;
			v[1] = s->inpkts;
			v[2] = s->outpkts;
			v[3] = s->inbytes;
			v[4] = s->outbytes;
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < 5; i++)
			sum->v[i] += v[i];
	}
}

/**
 * hvs_stats_read() - the counters since the last zeroing
 * @st: the block
 * @sum: result
 *
 * Context: process context, hn->lock held (for @st->zero).
 */
void hvs_stats_read(const struct hvs_stats *st, struct hvs_counters *sum)
{
	int i;

	hvs_stats_raw(st, sum);
	for (i = 0; i < 5; i++)
		sum->v[i] -= st->zero.v[i];
}

/**
 * hvs_stats_zero() - start the counters and rates from zero again
 * @st: the block
 *
 * Context: process context, hn->lock held.
 */
void hvs_stats_zero(struct hvs_stats *st)
{
	hvs_stats_raw(st, &st->zero);
	memset(&st->rate, 0, sizeof(st->rate));
}

/**
 * hvs_stats_in() - count a packet from a client
 * @c: its connection
 * @len: its length in bytes (IP header included)
 *
 * Context: softirq, RCU.
 */
void hvs_stats_in(struct hvs_conn *c, unsigned int len)
{
	struct hvs_cpu_stats *s;

	s = this_cpu_ptr(c->dest->stats.cpu);
	u64_stats_update_begin(&s->syncp);
	s->inpkts++;
	s->inbytes += len;
	u64_stats_update_end(&s->syncp);
	s = this_cpu_ptr(c->svc->stats.cpu);
	u64_stats_update_begin(&s->syncp);
	s->inpkts++;
	s->inbytes += len;
	u64_stats_update_end(&s->syncp);
}

/**
 * hvs_stats_out() - count a packet to a client
 * @c: its connection
 * @len: its length in bytes (IP header included)
 *
 * Context: softirq, RCU.
 */
void hvs_stats_out(struct hvs_conn *c, unsigned int len)
{
	struct hvs_cpu_stats *s;

	s = this_cpu_ptr(c->dest->stats.cpu);
	u64_stats_update_begin(&s->syncp);
	s->outpkts++;
	s->outbytes += len;
	u64_stats_update_end(&s->syncp);
	s = this_cpu_ptr(c->svc->stats.cpu);
	u64_stats_update_begin(&s->syncp);
	s->outpkts++;
	s->outbytes += len;
	u64_stats_update_end(&s->syncp);
}

/**
 * hvs_stats_conn() - count a newly scheduled connection
 * @svc: its service
 * @dest: its real server
 *
 * Context: softirq, RCU.
 */
void hvs_stats_conn(struct hvs_service *svc, struct hvs_dest *dest)
{
	struct hvs_cpu_stats *s;

	s = this_cpu_ptr(dest->stats.cpu);
	u64_stats_update_begin(&s->syncp);
	s->conns++;
	u64_stats_update_end(&s->syncp);
	s = this_cpu_ptr(svc->stats.cpu);
	u64_stats_update_begin(&s->syncp);
	s->conns++;
	u64_stats_update_end(&s->syncp);
}

static void hvs_est_one(struct hvs_stats *st)
{
	struct hvs_counters now;
	int i;

	hvs_stats_raw(st, &now);
	for (i = 0; i < 5; i++) {
		u64 delta = now.v[i] - st->last.v[i];
		s64 sample = (s64)((delta << HVS_EST_SHIFT) / 2);
		s64 rate = st->rate.v[i];

		rate += (sample - rate) / 4;
		st->rate.v[i] = rate;
	}
	st->last = now;
}

static void hvs_est_work(struct work_struct *work)
{
	struct hvs_net *hn = container_of(to_delayed_work(work),
					  struct hvs_net, est_work);
	struct hvs_service *svc;
	struct hvs_dest *dest;

	mutex_lock(&hn->lock);
	list_for_each_entry(svc, &hn->svc_list, list) {
		hvs_est_one(&svc->stats);
		list_for_each_entry(dest, &svc->dests, list)
			hvs_est_one(&dest->stats);
	}
	mutex_unlock(&hn->lock);
	queue_delayed_work(system_long_wq, &hn->est_work, HVS_EST_PERIOD);
}

/**
 * hvs_est_start() - start a namespace's rate estimator
 * @hn: the namespace state
 *
 * Context: process context.
 */
void hvs_est_start(struct hvs_net *hn)
{
	INIT_DELAYED_WORK(&hn->est_work, hvs_est_work);
	queue_delayed_work(system_long_wq, &hn->est_work, HVS_EST_PERIOD);
}

/**
 * hvs_est_stop() - stop the estimator and wait for it
 * @hn: the namespace state
 *
 * Context: process context, hn->lock not held.
 */
void hvs_est_stop(struct hvs_net *hn)
{
	cancel_delayed_work_sync(&hn->est_work);
}
