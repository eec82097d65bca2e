// SPDX-License-Identifier: GPL-2.0
/*
 * halo_rd page pool: the pages the receiver reads the peer's writes into,
 * kept for the next write once the local write has completed.
 *
 * Why: the kernel zeroes every page it allocates when init_on_alloc is on,
 * as it is by default in Debian's kernel. For a page that is about to be
 * filled from the socket that is wasted work, and a profile of a stream of
 * 1 MiB writes on the Secondary showed the zeroing taking as much CPU as
 * the copy out of the socket. A pooled page is zeroed once, when first
 * allocated.
 *
 * At most HRD_POOL_MAX pages (4 MiB, as much as a resync window holds) are
 * kept on each list per device; a page beyond that is released. The pool is
 * emptied when the connection ends and when the device is deleted.
 *
 * Locking: hrd_pool.lock (irq-safe: pages come back from bio completions)
 * protects the lists and the counts.
 */

#include <linux/gfp.h>
#include <linux/mm.h>

#include "hrd.h"

#define HRD_POOL_MAX	1024

/**
 * hrd_pool_init() - set up an empty pool
 * @pool: the pool
 */
void hrd_pool_init(struct hrd_pool *pool)
{
	spin_lock_init(&pool->lock);
	INIT_LIST_HEAD(&pool->pages);
	INIT_LIST_HEAD(&pool->sent);
	pool->count = 0;
	pool->nsent = 0;
}

/* The oldest sent page if TCP has let go of it; caller holds pool->lock. */
static struct page *pool_take_sent(struct hrd_pool *pool)
{
	struct page *page;

	lockdep_assert_held(&pool->lock);
	if (list_empty(&pool->sent))
		return NULL;
	page = list_last_entry(&pool->sent, struct page, lru);
	if (page_ref_count(page) != 1)
		return NULL;
	list_del(&page->lru);
	pool->nsent--;
	return page;
}

/**
 * hrd_pool_get() - a page from the pool, or a new one
 * @pool: the pool
 *
 * Context: process context; may sleep (GFP_NOIO allocation).
 * Return: a page, its contents undefined, or NULL.
 */
struct page *hrd_pool_get(struct hrd_pool *pool)
{
	struct page *page;
	unsigned long flags;

	spin_lock_irqsave(&pool->lock, flags);
	page = list_first_entry_or_null(&pool->pages, struct page, lru);
	if (page) {
		list_del(&page->lru);
		pool->count--;
	} else {
		page = pool_take_sent(pool);
	}
	spin_unlock_irqrestore(&pool->lock, flags);
	return page ? page : alloc_page(GFP_NOIO);
}

/* Keep @page on @list, which holds *@count pages, unless that is full. */
static void pool_keep(struct hrd_pool *pool, struct list_head *list,
		      unsigned int *count, struct page *page)
{
	unsigned long flags;
	bool keep;

	spin_lock_irqsave(&pool->lock, flags);
	keep = *count < HRD_POOL_MAX;
	if (keep) {
		list_add(&page->lru, list);
		(*count)++;
	}
	spin_unlock_irqrestore(&pool->lock, flags);
	if (!keep)
		put_page(page);
}

/**
 * hrd_pool_put() - give a page back
 * @pool: the pool
 * @page: a page from hrd_pool_get() that nothing else references
 *
 * Context: any context.
 */
void hrd_pool_put(struct hrd_pool *pool, struct page *page)
{
	pool_keep(pool, &pool->pages, &pool->count, page);
}

/**
 * hrd_pool_put_sent() - give back a page TCP may still reference
 * @pool: the pool
 * @page: a page from hrd_pool_get(), given to TCP by reference
 *
 * Context: any context.
 */
void hrd_pool_put_sent(struct hrd_pool *pool, struct page *page)
{
	pool_keep(pool, &pool->sent, &pool->nsent, page);
}

/**
 * hrd_pool_drain() - release the pages in the pool
 * @pool: the pool
 *
 * A sent page TCP still holds is freed when TCP lets go of it. Pages in
 * use are not affected; they come back with hrd_pool_put() or
 * hrd_pool_put_sent().
 *
 * Context: any context.
 */
void hrd_pool_drain(struct hrd_pool *pool)
{
	struct page *page, *tmp;
	unsigned long flags;
	LIST_HEAD(pages);

	spin_lock_irqsave(&pool->lock, flags);
	list_splice_init(&pool->pages, &pages);
	list_splice_init(&pool->sent, &pages);
	pool->count = 0;
	pool->nsent = 0;
	spin_unlock_irqrestore(&pool->lock, flags);
	list_for_each_entry_safe(page, tmp, &pages, lru) {
		list_del(&page->lru);
		put_page(page);
	}
}
