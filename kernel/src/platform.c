/* SPDX-License-Identifier: MIT */
/* Keel's report of the machine: CPU, randomness, boot data, PCI functions. */
#include <frame/boot.h>
#include <frame/cpu.h>
#include <frame/log.h>
#include <frame/pci.h>
#include <frame/random.h>
#include <frame/smp.h>

#include "keel.h"

static void print_cpu(void)
{
	struct frame_cpu_id id;
	uint64_t khz = frame_cpu_tsc_hz() / 1000;

	frame_cpu_id(&id);
	log_info("cpu: %s (%s, family %u model %u stepping %u), %d online, "
		 "TSC %llu.%03llu MHz",
		 id.model_name, id.vendor_string, id.family, id.model,
		 id.stepping, smp_cpu_count(), (unsigned long long)(khz / 1000),
		 (unsigned long long)(khz % 1000));
	log_info("random numbers seeded from %s",
		 frame_random_source_name(frame_random_source()));
}

static void print_boot_data(void)
{
	const struct frame_boot_module *initramfs = frame_boot_initramfs();
	char size[32];

	log_info("command-line words: %zu; boot modules: %zu",
		 frame_cmdline_word_count(), frame_boot_module_count());
	if (!initramfs) {
		log_info("initramfs: none");
		return;
	}
	keel_format_size(size, sizeof(size), frame_boot_module_size(initramfs));
	log_info("initramfs: %s", size);
}

static void print_pci(void)
{
	struct pci_dev_info info;

	log_info("pci: %u functions", pci_dev_count());
	for (unsigned int i = 0; i < pci_dev_count(); i++) {
		pci_dev_info(pci_dev_at(i), &info);
		log_info("  %02x:%02x.%u  %04x:%04x  class %02x.%02x", info.bus,
			 info.slot, info.function, info.vendor, info.device,
			 info.class_code, info.subclass);
	}
}

void keel_print_platform(void)
{
	print_cpu();
	print_boot_data();
	print_pci();
}
