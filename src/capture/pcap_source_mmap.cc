#include "capture/pcap_source_mmap.h"

#include <sys/mman.h>
#include <sys/stat.h>

namespace capture {
namespace {

constexpr uint32_t kMagicMicros = 0xa1b2c3d4, kMagicNanos = 0xa1b23c4d;
constexpr size_t kFileHeader = 24;

}  // namespace

MappedPcap::MappedPcap(int fd, uint32_t snaplen) {
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
  if (size_t(st.st_size) < kFileHeader) return;
  void* p = mmap(nullptr, size_t(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) return;
  const auto* b = static_cast<const uint8_t*>(p);
  uint32_t magic;
  uint16_t version[2];
  std::memcpy(&magic, b, 4);
  std::memcpy(version, b + 4, 4);
  // Swapped byte order and the old or modified formats take libpcap's fix-ups: not here.
  if ((magic != kMagicMicros && magic != kMagicNanos) || version[0] != 2 || version[1] != 4) {
    munmap(p, size_t(st.st_size));
    return;
  }
  madvise(p, size_t(st.st_size), MADV_SEQUENTIAL);
  base_ = b;
  size_ = size_t(st.st_size);
  pos_ = kFileHeader;
  snaplen_ = snaplen;
  nanos_ = magic == kMagicNanos;
}

MappedPcap::~MappedPcap() {
  if (base_) munmap(const_cast<uint8_t*>(base_), size_);
}

}  // namespace capture
