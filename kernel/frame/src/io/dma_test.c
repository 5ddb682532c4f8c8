/* SPDX-License-Identifier: MIT */
/* ktests for DMA buffers, with the edu device's DMA engine as the device. */
#include "io/io.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/string.h>

#include "io/io_test.h"
#include "ktest/panic_probe.h"
#include "lib/handle.h"

KTEST(dma_coherent_rules)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	struct frame_page_stats before, after;
	uint8_t bytes[8] = { 0 }, zero[8] = { 0 };
	struct dma_buf *buf;
	uint32_t v32 = 0;
	uint64_t v64 = 0;
	uint16_t v16 = 0;

	KT_ASSERT_NOT_NULL(d);
	KT_ASSERT_ERR(dma_alloc_coherent(d, 0, &buf), -EINVAL);
	KT_ASSERT_ERR(dma_alloc_coherent(d, DMA_COHERENT_MAX + 1, &buf),
		      -EINVAL);
	frame_page_stats(&before);
	KT_ASSERT_OK(dma_alloc_coherent(d, 3 * FRAME_PAGE_SIZE, &buf));
	frame_page_stats(&after);
	/* Three pages round up to a block of four. */
	KT_ASSERT_EQ(before.free_pages - after.free_pages, 4);
	KT_ASSERT_EQ(dma_buf_size(buf), 3 * FRAME_PAGE_SIZE);
	KT_ASSERT_NE(dma_buf_addr(buf), 0);
	KT_ASSERT_EQ(dma_buf_addr(buf) % FRAME_PAGE_SIZE, 0);

	/* Zeroed; writes and reads of every width; bounds and alignment. */
	KT_ASSERT_OK(dma_buf_read(buf, 3 * FRAME_PAGE_SIZE - 8, bytes, 8));
	KT_ASSERT(!memcmp(bytes, zero, 8));
	KT_ASSERT_OK(dma_buf_write(buf, 100, "coherent", 8));
	KT_ASSERT_OK(dma_buf_read(buf, 100, bytes, 8));
	KT_ASSERT(!memcmp(bytes, "coherent", 8));
	KT_ASSERT_OK(dma_buf_write64(buf, 8, 0x1122334455667788ull));
	KT_ASSERT_OK(dma_buf_read32(buf, 12, &v32));
	KT_ASSERT_EQ(v32, 0x11223344);
	KT_ASSERT_OK(dma_buf_write16(buf, 14, 0xbeef));
	KT_ASSERT_OK(dma_buf_read64(buf, 8, &v64));
	KT_ASSERT_EQ(v64, 0xbeef334455667788ull);
	KT_ASSERT_OK(dma_buf_read16(buf, 8, &v16));
	KT_ASSERT_EQ(v16, 0x7788);
	KT_ASSERT_ERR(dma_buf_read(buf, 3 * FRAME_PAGE_SIZE - 7, bytes, 8),
		      -ERANGE);
	KT_ASSERT_ERR(dma_buf_write(buf, SIZE_MAX, bytes, 2), -ERANGE);
	KT_ASSERT_ERR(dma_buf_read32(buf, 3 * FRAME_PAGE_SIZE, &v32), -ERANGE);
	KT_ASSERT_ERR(dma_buf_read16(buf, 1, &v16), -EINVAL);
	KT_ASSERT_ERR(dma_buf_write32(buf, 2, 0), -EINVAL);
	KT_ASSERT_ERR(dma_buf_read64(buf, 4, &v64), -EINVAL);
	/* A coherent buffer has no owner to hand over. */
	KT_ASSERT_ERR(dma_sync_for_cpu(buf), -EINVAL);
	KT_ASSERT_ERR(dma_sync_for_device(buf), -EINVAL);
	dma_buf_free(buf);
	frame_page_stats(&after);
	KT_ASSERT_EQ(after.free_pages, before.free_pages);
}

/* Run one edu DMA transfer of @len bytes and wait for it to finish. */
static bool edu_dma(struct io_mem *w, uint64_t src, uint64_t dst, size_t len,
		    uint32_t cmd)
{
	return !io_mem_write64(w, EDU_DMA_SRC, src) &&
	       !io_mem_write64(w, EDU_DMA_DST, dst) &&
	       !io_mem_write64(w, EDU_DMA_COUNT, len) &&
	       !io_mem_write64(w, EDU_DMA_CMD, EDU_DMA_START | cmd) &&
	       io_test_poll32(w, EDU_DMA_CMD, EDU_DMA_START, 0);
}

/* RAM to the device's buffer and back, through two coherent buffers. */
KTEST(dma_coherent_round_trip_through_the_device)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	struct dma_buf *out, *in;
	uint8_t pattern[256], got[256];
	struct io_mem *w;

	KT_ASSERT_NOT_NULL(d);
	for (size_t i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)(i * 7 + 3);
	KT_ASSERT_OK(pci_bar_map(d, 0, &w));
	KT_ASSERT_OK(dma_alloc_coherent(d, FRAME_PAGE_SIZE, &out));
	KT_ASSERT_OK(dma_alloc_coherent(d, FRAME_PAGE_SIZE, &in));
	KT_ASSERT_OK(dma_buf_write(out, 512, pattern, sizeof(pattern)));
	KT_ASSERT_OK(pci_dev_set_bus_master(d, true));
	KT_ASSERT(edu_dma(w, dma_buf_addr(out) + 512, EDU_DMA_BUFFER,
			  sizeof(pattern), 0));
	KT_ASSERT(edu_dma(w, EDU_DMA_BUFFER, dma_buf_addr(in) + 1024,
			  sizeof(pattern), EDU_DMA_TO_RAM));
	KT_ASSERT_OK(pci_dev_set_bus_master(d, false));
	KT_ASSERT_OK(dma_buf_read(in, 1024, got, sizeof(got)));
	KT_ASSERT(!memcmp(got, pattern, sizeof(got)));
	/* Nothing landed around it. */
	KT_ASSERT_OK(dma_buf_read(in, 1024 - 8, got, 8));
	KT_ASSERT(!memcmp(got, "\0\0\0\0\0\0\0\0", 8));
	dma_buf_free(in);
	dma_buf_free(out);
	io_mem_release(w);
}

/* With bus mastering off, the device's write to memory goes nowhere. */
KTEST(dma_needs_bus_mastering)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	struct dma_buf *out, *in;
	uint64_t v = 0;
	struct io_mem *w;

	KT_ASSERT_NOT_NULL(d);
	KT_ASSERT_OK(pci_bar_map(d, 0, &w));
	KT_ASSERT_OK(dma_alloc_coherent(d, FRAME_PAGE_SIZE, &out));
	KT_ASSERT_OK(dma_alloc_coherent(d, FRAME_PAGE_SIZE, &in));
	KT_ASSERT_OK(dma_buf_write64(out, 0, 0x0123456789abcdefull));
	KT_ASSERT_OK(pci_dev_set_bus_master(d, true));
	KT_ASSERT(edu_dma(w, dma_buf_addr(out), EDU_DMA_BUFFER, 8, 0));
	KT_ASSERT_OK(pci_dev_set_bus_master(d, false));
	KT_ASSERT(edu_dma(w, EDU_DMA_BUFFER, dma_buf_addr(in), 8,
			  EDU_DMA_TO_RAM));
	KT_ASSERT_OK(dma_buf_read64(in, 0, &v));
	KT_ASSERT_EQ(v, 0);
	/* The same transfer with mastering on does arrive. */
	KT_ASSERT_OK(pci_dev_set_bus_master(d, true));
	KT_ASSERT(edu_dma(w, EDU_DMA_BUFFER, dma_buf_addr(in), 8,
			  EDU_DMA_TO_RAM));
	KT_ASSERT_OK(pci_dev_set_bus_master(d, false));
	KT_ASSERT_OK(dma_buf_read64(in, 0, &v));
	KT_ASSERT_EQ(v, 0x0123456789abcdefull);
	dma_buf_free(in);
	dma_buf_free(out);
	io_mem_release(w);
}

KTEST(dma_streaming_bad_arguments)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	struct frame_page *page = frame_page_alloc(0, 0);
	struct dma_buf *buf;

	KT_ASSERT_NOT_NULL(d);
	KT_ASSERT_NOT_NULL(page);
	KT_ASSERT_ERR(dma_map_streaming(d, page, 0, 0, DMA_TO_DEVICE, &buf),
		      -EINVAL);
	KT_ASSERT_ERR(dma_map_streaming(d, page, 1, FRAME_PAGE_SIZE,
					DMA_TO_DEVICE, &buf),
		      -EINVAL);
	KT_ASSERT_ERR(dma_map_streaming(d, page, FRAME_PAGE_SIZE + 1, 1,
					DMA_TO_DEVICE, &buf),
		      -EINVAL);
	KT_ASSERT_ERR(dma_map_streaming(d, page, 0, 8, (enum dma_dir)0, &buf),
		      -EINVAL);
	KT_ASSERT_ERR(dma_map_streaming(d, page, 0, 8, (enum dma_dir)4, &buf),
		      -EINVAL);
	/* No reference was left behind by the failures. */
	KT_ASSERT_EQ(frame_page_refcount(page), 1);
	frame_page_put(page);
}

/*
 * A page lent to the device: owned by it until synced for the CPU, kept
 * alive by the mapping after the service dropped its own handle.
 */
KTEST(dma_streaming_ownership_and_lifetime)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	struct frame_page_stats before, after;
	struct frame_page *page;
	struct dma_buf *buf, *src;
	uint8_t got[16];
	struct io_mem *w;
	uint32_t v = 0;

	KT_ASSERT_NOT_NULL(d);
	KT_ASSERT_OK(pci_bar_map(d, 0, &w));
	KT_ASSERT_OK(dma_alloc_coherent(d, 64, &src));
	KT_ASSERT_OK(dma_buf_write(src, 0, "streamed by edu!", 16));
	frame_page_stats(&before);
	page = frame_page_alloc(0, FRAME_PAGE_ZERO);
	KT_ASSERT_NOT_NULL(page);
	KT_ASSERT_OK(dma_map_streaming(d, page, 0x300, 0x100, DMA_FROM_DEVICE,
				       &buf));
	KT_ASSERT_EQ(frame_page_refcount(page), 2);
	KT_ASSERT_EQ(dma_buf_size(buf), 0x100);
	KT_ASSERT_EQ(dma_buf_addr(buf) % FRAME_PAGE_SIZE, 0x300);

	/* The device owns it: the CPU may not touch it through the buffer. */
	KT_ASSERT_ERR(dma_buf_read(buf, 0, got, 1), -EBUSY);
	KT_ASSERT_ERR(dma_buf_write32(buf, 0, 1), -EBUSY);

	/* The service drops its handle; the mapping keeps the page. */
	frame_page_put(page);
	KT_ASSERT_EQ(frame_page_refcount(page), 1);

	KT_ASSERT_OK(pci_dev_set_bus_master(d, true));
	KT_ASSERT(edu_dma(w, dma_buf_addr(src), EDU_DMA_BUFFER, 16, 0));
	KT_ASSERT(edu_dma(w, EDU_DMA_BUFFER, dma_buf_addr(buf) + 16, 16,
			  EDU_DMA_TO_RAM));
	KT_ASSERT_OK(pci_dev_set_bus_master(d, false));
	KT_ASSERT_OK(dma_sync_for_cpu(buf));
	KT_ASSERT_OK(dma_buf_read(buf, 16, got, 16));
	KT_ASSERT(!memcmp(got, "streamed by edu!", 16));
	KT_ASSERT_OK(dma_buf_read32(buf, 0, &v));
	KT_ASSERT_EQ(v, 0);
	/* Back to the device: closed to the CPU again. */
	KT_ASSERT_OK(dma_buf_write32(buf, 0, 0xfeed));
	KT_ASSERT_OK(dma_sync_for_device(buf));
	KT_ASSERT_ERR(dma_buf_read32(buf, 0, &v), -EBUSY);

	dma_buf_free(buf);
	frame_page_stats(&after);
	KT_ASSERT_EQ(after.free_pages, before.free_pages);
	dma_buf_free(src);
	io_mem_release(w);
}

/* Fixed-width accesses are aligned by device address, not buffer offset. */
KTEST(dma_streaming_alignment_follows_the_device_address)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	struct frame_page *page = frame_page_alloc(0, FRAME_PAGE_ZERO);
	struct dma_buf *buf;
	uint32_t v = 0;

	KT_ASSERT_NOT_NULL(page);
	KT_ASSERT_OK(
		dma_map_streaming(d, page, 2, 64, DMA_BIDIRECTIONAL, &buf));
	KT_ASSERT_OK(dma_sync_for_cpu(buf));
	KT_ASSERT_ERR(dma_buf_read32(buf, 0, &v), -EINVAL);
	KT_ASSERT_OK(dma_buf_read32(buf, 2, &v));
	KT_ASSERT_OK(dma_buf_write16(buf, 0, 0x1234));
	dma_buf_free(buf);
	frame_page_put(page);
}

/*
 * A device that drives 20 address bits reaches the first MiB only, which
 * the page allocator never hands out: no buffer for it.
 */
KTEST(dma_buffers_stay_within_the_devices_reach)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	struct frame_page *page = frame_page_alloc(0, 0);
	int coherent, streaming, wide;
	struct dma_buf *buf;

	KT_ASSERT_NOT_NULL(d);
	KT_ASSERT_NOT_NULL(page);
	KT_ASSERT_ERR(pci_dev_set_dma_bits(d, 11), -EINVAL);
	KT_ASSERT_ERR(pci_dev_set_dma_bits(d, 65), -EINVAL);
	KT_ASSERT_OK(pci_dev_set_dma_bits(d, 20));
	coherent = dma_alloc_coherent(d, 64, &buf);
	streaming = dma_map_streaming(d, page, 0, 64, DMA_TO_DEVICE, &buf);
	KT_ASSERT_OK(pci_dev_set_dma_bits(d, 64));
	wide = dma_map_streaming(d, page, 0, 64, DMA_TO_DEVICE, &buf);
	if (!wide)
		dma_buf_free(buf);
	KT_ASSERT_OK(pci_dev_set_dma_bits(d, 32));

	KT_ASSERT_EQ(coherent, -ENOMEM);
	KT_ASSERT_EQ(streaming, -ERANGE);
	KT_ASSERT_EQ(wide, 0);
	KT_ASSERT_EQ(frame_page_refcount(page), 1);
	frame_page_put(page);
}

static void buf_size_of(void *arg)
{
	const struct dma_buf *buf = arg;

	(void)dma_buf_size(buf);
}

KTEST(dma_stale_handle_panics_after_its_slot_is_taken_again)
{
	struct pci_dev *d = io_test_dev(EDU_VENDOR, EDU_DEVICE);
	struct dma_buf *old, *now = NULL;
	char msg[128];

	KT_ASSERT_NOT_NULL(d);
	KT_ASSERT_OK(dma_alloc_coherent(d, 64, &old));
	dma_buf_free(old);
	/* Allocate and free until a live buffer sits in the old one's slot
	 * (next-fit: at most one turn of the table of 256). */
	for (int i = 0; i <= 256; i++) {
		KT_ASSERT_OK(dma_alloc_coherent(d, 64, &now));
		if (((uintptr_t)now & HANDLE_INDEX_MASK) ==
		    ((uintptr_t)old & HANDLE_INDEX_MASK))
			break;
		dma_buf_free(now);
		now = NULL;
	}
	KT_ASSERT_NOT_NULL(now);
	KT_ASSERT_NE(now, old);
	KT_ASSERT_EQ(ktest_panic_probe(buf_size_of, old, msg, sizeof(msg)), 1);
	KT_ASSERT(ktest_msg_has(msg, "freed"));
	KT_ASSERT_EQ(dma_buf_size(now), 64);
	dma_buf_free(now);
}
