/* SPDX-License-Identifier: MIT */
/* DMA buffers: coherent memory, streaming loans of pages, their contents. */
#include "io/io.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/log.h>
#include <frame/page.h>
#include <frame/panic.h>
#include <frame/string.h>
#include <frame/sync.h>

#include "arch/x86_64/tdx/tdx.h"
#include "lib/handle.h"
#include "mm/page_meta.h"

#define DMA_BUFS 256

/*
 * Every handle names a slot of bufs[] and its generation, as for port
 * ranges. A slot is live while @page is set.
 * Constructors and dma_buf_free() take bufs_lock; the accessors read the
 * slot without it. @device_owned is the streaming ownership flag (always
 * false for coherent buffers).
 */
struct dma_buf {
	struct frame_page *page; /* the block; NULL: free slot */
	uint8_t *va;		 /* first byte, in the direct map */
	size_t size;
	dma_addr_t addr;
	bool streaming;
	bool device_owned;
	uint8_t dir; /* enum dma_dir, streaming only */
	const struct pci_dev *dev;
	uint32_t gen;
	/*
	 * Streaming, in a trust domain: the device cannot reach the loaned
	 * (private) page, so it gets a shared bounce block instead, and the
	 * ownership transfers copy between the two.
	 */
	struct frame_page *bounce;
	uint8_t *bounce_va; /* the byte the device sees at @addr */
};

static struct dma_buf bufs[DMA_BUFS];
static struct frame_spinlock bufs_lock = FRAME_SPINLOCK_INIT;
/* Next-fit, as for port ranges: a freed slot is reused last. */
static size_t bufs_next;

/* Fill a free slot with @tmpl; -ENOSPC when there is none. */
static int buf_take(const struct dma_buf *tmpl, struct dma_buf **out)
{
	uint64_t flags = frame_spin_lock_irqsave(&bufs_lock);
	int ret = -ENOSPC;
	uint32_t tmpl_gen;

	for (size_t i = 0; i < ARRAY_SIZE(bufs); i++) {
		size_t k = (bufs_next + i) % ARRAY_SIZE(bufs);

		if (bufs[k].page)
			continue;
		tmpl_gen = bufs[k].gen;
		bufs[k] = *tmpl;
		bufs[k].gen = tmpl_gen;
		*out = (struct dma_buf *)handle_make(HANDLE_DMA_BUF, tmpl_gen,
						     (uint32_t)k);
		bufs_next = k + 1;
		ret = 0;
		break;
	}
	frame_spin_unlock_irqrestore(&bufs_lock, flags);
	return ret;
}

int dma_alloc_coherent(struct pci_dev *dev, size_t size, struct dma_buf **out)
{
	struct dma_buf b = { 0 };
	unsigned int order = 0;
	int ret;

	b.dev = pci_dev_check(dev);
	if (!size || size > DMA_COHERENT_MAX)
		return -EINVAL;
	while ((size_t)FRAME_PAGE_SIZE << order < size)
		order++;
	b.page = frame_page_alloc(order, FRAME_PAGE_ZERO);
	if (!b.page)
		return -ENOMEM;
	/* The handle names the block; the metadata behind it has the
	 * addresses. */
	b.va = page_to_virt(page_check_handle(b.page));
	b.addr = page_to_phys(page_check_handle(b.page)).val;
	b.size = size;
	/* The allocator has no zones: memory the device cannot reach is
	 * memory it does not get. */
	if (!pci_dev_reaches(b.dev, b.addr, size)) {
		ret = -ENOMEM;
		goto out_put;
	}
	/* In a trust domain a device reaches only memory shared with the
	 * host: the whole block is converted, and back at free. */
	if (tdx_ops) {
		ret = tdx_mem_share(b.addr, FRAME_PAGE_SIZE << order);
		if (ret) {
			ret = -ENOMEM;
			goto out_put;
		}
	}
	ret = buf_take(&b, out);
	if (ret && tdx_ops && tdx_mem_unshare(b.addr, FRAME_PAGE_SIZE << order))
		return ret; /* never hand shared memory back as private */
out_put:
	if (ret)
		frame_page_put(b.page);
	return ret;
}

/*
 * A shared block to stand for @b's bytes in a trust domain, with the
 * loaned bytes' offset in their page, so that alignment is kept; sets
 * @b->bounce, @b->bounce_va and @b->addr. 0 or -ENOMEM.
 */
static int bounce_alloc(struct dma_buf *b)
{
	size_t in_page = (uintptr_t)b->va % FRAME_PAGE_SIZE;
	unsigned int order = 0;
	uint64_t pa;

	while ((size_t)FRAME_PAGE_SIZE << order < in_page + b->size)
		order++;
	b->bounce = frame_page_alloc(order, FRAME_PAGE_ZERO);
	if (!b->bounce)
		return -ENOMEM;
	pa = page_to_phys(page_check_handle(b->bounce)).val;
	if (!pci_dev_reaches(b->dev, pa + in_page, b->size) ||
	    tdx_mem_share(pa, FRAME_PAGE_SIZE << order)) {
		frame_page_put(b->bounce);
		b->bounce = NULL;
		return -ENOMEM;
	}
	b->bounce_va = (uint8_t *)page_to_virt(page_check_handle(b->bounce)) +
		       in_page;
	b->addr = pa + in_page;
	return 0;
}

/* Back to private and to the allocator; leaked if the host refuses. */
static void bounce_free(struct frame_page *bounce)
{
	if (tdx_mem_unshare(page_to_phys(page_check_handle(bounce)).val,
			    frame_page_size(bounce))) {
		log_warn("dma: could not make a bounce block private again; "
			 "leaking it");
		return;
	}
	frame_page_put(bounce);
}

/*
 * Copy between a bounced buffer's page and its bounce block. Towards the
 * device always, whatever the direction, so that bytes a device leaves
 * unwritten come back as they were; back from it only when the device
 * may write, so that a host cannot slip data into a buffer the TD only
 * lent for reading.
 */
static void bounce_copy(const struct dma_buf *b, bool to_device)
{
	if (!b->bounce)
		return;
	if (to_device)
		memcpy(b->bounce_va, b->va, b->size);
	else if (b->dir & DMA_FROM_DEVICE)
		memcpy(b->va, b->bounce_va, b->size);
}

int dma_map_streaming(struct pci_dev *dev, struct frame_page *page,
		      size_t offset, size_t len, enum dma_dir dir,
		      struct dma_buf **out)
{
	struct dma_buf b = { 0 };
	size_t block;
	int ret;

	b.dev = pci_dev_check(dev);
	block = frame_page_size(page); /* panics for a bad handle */
	if (!len || offset > block || block - offset < len ||
	    (dir != DMA_TO_DEVICE && dir != DMA_FROM_DEVICE &&
	     dir != DMA_BIDIRECTIONAL))
		return -EINVAL;
	b.addr = page_to_phys(page_check_handle(page)).val + offset;
	if (!pci_dev_reaches(b.dev, b.addr, len))
		return -ERANGE;
	frame_page_get(page);
	b.page = page;
	b.va = (uint8_t *)page_to_virt(page_check_handle(page)) + offset;
	b.size = len;
	b.streaming = true;
	b.device_owned = true;
	b.dir = (uint8_t)dir;
	if (tdx_ops) {
		ret = bounce_alloc(&b);
		if (ret)
			goto out_put;
		bounce_copy(&b, true);
	}
	/* What the CPU wrote before the loan is the device's to read. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ret = buf_take(&b, out);
	if (ret && b.bounce)
		bounce_free(b.bounce);
out_put:
	if (ret)
		frame_page_put(page);
	return ret;
}

/* The buffer behind a service's pointer; panics for anything else. */
static struct dma_buf *buf_check(const struct dma_buf *buf)
{
	struct dma_buf *b;
	uint32_t gen = 0, index = 0;

	if (!handle_slot_index((uintptr_t)buf, HANDLE_DMA_BUF, ARRAY_SIZE(bufs),
			       &gen, &index))
		frame_panic("dma: %p is not a DMA buffer", buf);
	b = &bufs[index];
	if (__atomic_load_n(&b->gen, __ATOMIC_ACQUIRE) != gen ||
	    !__atomic_load_n(&b->page, __ATOMIC_ACQUIRE))
		frame_panic("dma: buffer %p was freed", buf);
	return b;
}

void dma_buf_free(struct dma_buf *buf)
{
	struct dma_buf *b = buf_check(buf);
	struct frame_page *page, *bounce = b->bounce;
	bool coherent = !b->streaming;
	uint64_t flags;

	/* Freed while the device owns it: what it wrote is the CPU's now. */
	if (__atomic_load_n(&b->device_owned, __ATOMIC_ACQUIRE))
		bounce_copy(b, false);
	flags = frame_spin_lock_irqsave(&bufs_lock);
	page = b->page;
	__atomic_store_n(&b->gen, handle_next_gen(b->gen), __ATOMIC_RELEASE);
	__atomic_store_n(&b->page, NULL, __ATOMIC_RELEASE);
	frame_spin_unlock_irqrestore(&bufs_lock, flags);
	if (bounce)
		bounce_free(bounce);
	/* A trust domain's coherent block goes back to private memory
	 * before it can be reused; if the host refuses, it is leaked. */
	if (coherent && tdx_ops &&
	    tdx_mem_unshare(page_to_phys(page_check_handle(page)).val,
			    frame_page_size(page))) {
		log_warn("dma: could not make a DMA block private again; "
			 "leaking it");
		return;
	}
	/* The last reference frees the block: the buffer's own for a
	 * coherent one; for a streaming one, whatever the service holds
	 * (or held) keeps it. */
	frame_page_put(page);
}

dma_addr_t dma_buf_addr(const struct dma_buf *buf)
{
	return buf_check(buf)->addr;
}

size_t dma_buf_size(const struct dma_buf *buf)
{
	return buf_check(buf)->size;
}

static int sync_to(struct dma_buf *buf, bool device)
{
	struct dma_buf *b = buf_check(buf);

	if (!b->streaming)
		return -EINVAL;
	/* x86 snoops DMA: ordering is all a transfer of ownership needs,
	 * plus, in a trust domain, the copy to or from the bounce block. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	/* Only a change of owner copies: a second sync_for_cpu must not
	 * overwrite what the CPU wrote since the first. */
	if (__atomic_load_n(&b->device_owned, __ATOMIC_RELAXED) != device)
		bounce_copy(b, device);
	__atomic_store_n(&b->device_owned, device, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return 0;
}

int dma_sync_for_cpu(struct dma_buf *buf)
{
	return sync_to(buf, false);
}

int dma_sync_for_device(struct dma_buf *buf)
{
	return sync_to(buf, true);
}

/*
 * The kernel address of [@offset, @offset + @len) of @buf for the CPU, or
 * a negative errno: -ERANGE past the end, -EINVAL when that address (and
 * so the device address) is not a multiple of @align, -EBUSY while the
 * device owns it.
 */
static int span(const struct dma_buf *buf, size_t offset, size_t len,
		size_t align, uint8_t **p)
{
	const struct dma_buf *b = buf_check(buf);

	if (offset > b->size || b->size - offset < len)
		return -ERANGE;
	if ((uintptr_t)(b->va + offset) % align)
		return -EINVAL;
	if (__atomic_load_n(&b->device_owned, __ATOMIC_RELAXED))
		return -EBUSY;
	*p = b->va + offset;
	return 0;
}

int dma_buf_read(const struct dma_buf *buf, size_t offset, void *dst,
		 size_t len)
{
	uint8_t *p;
	int ret = span(buf, offset, len, 1, &p);

	if (!ret)
		memcpy(dst, p, len);
	return ret;
}

int dma_buf_write(struct dma_buf *buf, size_t offset, const void *src,
		  size_t len)
{
	uint8_t *p;
	int ret = span(buf, offset, len, 1, &p);

	if (!ret)
		memcpy(p, src, len);
	return ret;
}

/* clang-format off */
#define DMA_BUF_ACCESSORS(bits)                                            \
int dma_buf_read##bits(const struct dma_buf *buf, size_t offset,           \
		       uint##bits##_t *val)                                \
{                                                                          \
	uint8_t *p;                                                        \
	int ret = span(buf, offset, bits / 8, bits / 8, &p);               \
                                                                           \
	if (!ret)                                                          \
		*val = __atomic_load_n((uint##bits##_t *)p,                \
				       __ATOMIC_SEQ_CST);                  \
	return ret;                                                        \
}                                                                          \
                                                                           \
int dma_buf_write##bits(struct dma_buf *buf, size_t offset,                \
			uint##bits##_t val)                                \
{                                                                          \
	uint8_t *p;                                                        \
	int ret = span(buf, offset, bits / 8, bits / 8, &p);               \
                                                                           \
	if (!ret)                                                          \
		__atomic_store_n((uint##bits##_t *)p, val,                 \
				 __ATOMIC_SEQ_CST);                        \
	return ret;                                                        \
}
/* clang-format on */

DMA_BUF_ACCESSORS(16)
DMA_BUF_ACCESSORS(32)
DMA_BUF_ACCESSORS(64)
