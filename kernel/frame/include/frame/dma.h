/* SPDX-License-Identifier: MIT */
/* DMA buffers: memory a device reads and writes, and its device address. */
#ifndef FRAME_DMA_H
#define FRAME_DMA_H

#include <frame/types.h>

struct frame_page;
struct pci_dev;

/*
 * Why in the frame: a device reads and writes memory by its physical (or,
 * behind an IOMMU, bus) address, which only the frame knows, and memory a
 * device writes must not be handed to anyone else while the device may
 * still write it. So the frame allocates or pins the memory, tells the
 * service the one number the device needs, and keeps the memory's
 * lifetime: a service reaches the contents through the calls below, never
 * through a pointer.
 *
 * Device addresses. A dma_addr_t is what a driver writes into a device
 * register or a descriptor; for the service it is an opaque number: the
 * framekernel rules forbid turning an integer into a pointer, so it cannot
 * be dereferenced. Without an IOMMU it is the physical address, and any
 * device with bus mastering on can reach all of memory (see <frame/pci.h>).
 *
 * Two kinds, as in every kernel:
 *  - *coherent* buffers, allocated by the frame, that device and CPU share
 *    at any time (descriptor rings, mailboxes): every read and write is
 *    seen by both without further calls;
 *  - *streaming* buffers, a range of a page the service already has
 *    (frame_page_alloc()), lent to the device for one transfer in one
 *    direction. Ownership passes explicitly: a new streaming buffer
 *    belongs to the device, dma_sync_for_cpu() gives it to the CPU (after
 *    the device is done), dma_sync_for_device() back to the device (before
 *    it starts). Reading or writing it through dma_buf_read() and friends
 *    while the device owns it fails with -EBUSY. On x86 the caches are
 *    coherent with DMA, so today a sync orders memory and moves
 *    ownership; an IOMMU or bounce buffers would do their work there too,
 *    and drivers written to this discipline keep working.
 *
 * Lifetime. A buffer is valid from its constructor until dma_buf_free();
 * a freed or forged pointer panics. The memory is freed only when no
 * mapping of it remains: a streaming buffer holds a reference on its page,
 * so the page outlives it even if the service puts its own handle first.
 * Stop the device from using a buffer (and turn its bus mastering off if
 * in doubt) before freeing it: without an IOMMU the frame cannot revoke a
 * device's access.
 *
 * Every call here may run with interrupts off and never sleeps; the
 * accessors may run in hard handlers. The frame does not serialise
 * accesses to one buffer against each other: that, and ordering against
 * the device, is the driver's protocol.
 */

/* What a device writes into its registers to reach a DMA buffer. */
typedef uint64_t dma_addr_t;

/* A DMA buffer; opaque. */
struct dma_buf;

/* The direction of a streaming transfer. */
enum dma_dir {
	DMA_TO_DEVICE = 1,     /* the device reads the buffer */
	DMA_FROM_DEVICE = 2,   /* the device writes the buffer */
	DMA_BIDIRECTIONAL = 3, /* both */
};

/* The largest coherent buffer: 4 MiB, one block of <frame/page.h>. */
#define DMA_COHERENT_MAX (4096ul << 10)

/*
 * dma_alloc_coherent() - @size bytes of zeroed memory, physically
 * contiguous and page-aligned, for @dev to share with the CPU. @dev is the
 * device that will use it (an IOMMU would map it for that device only).
 * Returns 0 and the buffer in *@out; -EINVAL for a @size of 0 or above
 * DMA_COHERENT_MAX; -ENOMEM, also when the memory found lies beyond the
 * addresses @dev can drive (pci_dev_set_dma_bits()); -ENOSPC when the
 * frame's table of buffers is full.
 */
int dma_alloc_coherent(struct pci_dev *dev, size_t size, struct dma_buf **out);

/*
 * dma_map_streaming() - lend bytes @offset .. @offset + @len - 1 of @page
 * to @dev for transfers in direction @dir. Takes a reference on the page
 * for as long as the buffer lives. The buffer starts owned by the device.
 * -EINVAL for an empty range, one past the end of the block, or an
 * unknown direction; -ERANGE when the bytes lie beyond the addresses @dev
 * can drive (pci_dev_set_dma_bits()); -ENOSPC as above. A page that is not a
 * live handle panics, as in <frame/page.h>.
 *
 * In an Intel TDX trust domain a device reaches only memory shared with
 * the host: a coherent buffer is shared for its life; a streaming loan
 * gets a shared bounce block (the page stays private) at the same offset
 * in its page, filled from the page when the device gets the buffer and
 * copied back when the CPU does, for a direction the device may write.
 * The calls and their results are the same.
 */
int dma_map_streaming(struct pci_dev *dev, struct frame_page *page,
		      size_t offset, size_t len, enum dma_dir dir,
		      struct dma_buf **out);

/*
 * dma_buf_free() - end the buffer: a coherent buffer's memory is freed, a
 * streaming buffer drops its page reference. The handle is dead after:
 * any later use panics, even once its slot holds a new buffer (handles
 * carry a generation).
 */
void dma_buf_free(struct dma_buf *buf);

/* dma_buf_addr() - the device address of the buffer's first byte */
dma_addr_t dma_buf_addr(const struct dma_buf *buf);

/* dma_buf_size() - the buffer's length in bytes */
size_t dma_buf_size(const struct dma_buf *buf);

/*
 * dma_sync_for_cpu(), dma_sync_for_device() - pass a streaming buffer's
 * ownership to the CPU (the device has finished its transfer; what it
 * wrote is visible after the call) or to the device (what the CPU wrote
 * is visible to the device after the call). 0; -EINVAL for a coherent
 * buffer, which has no owner.
 */
int dma_sync_for_cpu(struct dma_buf *buf);
int dma_sync_for_device(struct dma_buf *buf);

/*
 * Contents. dma_buf_read() and dma_buf_write() copy @len bytes between the
 * buffer at @offset and a kernel buffer, with no guarantee about access
 * sizes (for payloads). The fixed-width accessors make one naturally
 * aligned access of that width (for the fields of descriptors and rings
 * that the device reads or writes concurrently), and order it after the
 * caller's earlier memory accesses and before its later ones.
 *
 * All return 0; -ERANGE for a range past the buffer's end; -EINVAL for a
 * misaligned fixed-width access; -EBUSY for a streaming buffer the device
 * owns. Nothing is copied on an error.
 */
int dma_buf_read(const struct dma_buf *buf, size_t offset, void *dst,
		 size_t len);
int dma_buf_write(struct dma_buf *buf, size_t offset, const void *src,
		  size_t len);
int dma_buf_read16(const struct dma_buf *buf, size_t offset, uint16_t *val);
int dma_buf_read32(const struct dma_buf *buf, size_t offset, uint32_t *val);
int dma_buf_read64(const struct dma_buf *buf, size_t offset, uint64_t *val);
int dma_buf_write16(struct dma_buf *buf, size_t offset, uint16_t val);
int dma_buf_write32(struct dma_buf *buf, size_t offset, uint32_t val);
int dma_buf_write64(struct dma_buf *buf, size_t offset, uint64_t val);

#endif /* FRAME_DMA_H */
