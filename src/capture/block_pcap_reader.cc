#include "capture/block_pcap_reader.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace capture {
namespace {

constexpr uint32_t kMagicMicros = 0xa1b2c3d4, kMagicNanos = 0xa1b23c4d;
constexpr size_t kFileHeader = 24;
// Small enough to stay in L2 (a 1 MiB buffer made the kernel's copy into it cost more than
// the parse); a record longer than this (a >128 KiB frame) and the rest go to libpcap.
constexpr size_t kBlock = 128 << 10;

}  // namespace

BlockPcapReader::BlockPcapReader(int fd, uint32_t snaplen) {
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
  uint8_t h[kFileHeader];
  if (pread(fd, h, kFileHeader, 0) != ssize_t(kFileHeader)) return;
  uint32_t magic;
  uint16_t version[2];
  std::memcpy(&magic, h, 4);
  std::memcpy(version, h + 4, 4);
  // Swapped byte order and the old or modified formats take libpcap's fix-ups: not here.
  if ((magic != kMagicMicros && magic != kMagicNanos) || version[0] != 2 || version[1] != 4) return;
  fd_ = dup(fd);
  if (fd_ < 0) return;
  buf_.resize(kBlock);
  file_offset_ = kFileHeader;
  snaplen_ = std::min<uint32_t>(snaplen, kBlock - 16);
  nanos_ = magic == kMagicNanos;
}

BlockPcapReader::~BlockPcapReader() {
  if (fd_ >= 0) close(fd_);
}

bool BlockPcapReader::Refill(size_t need) {
  std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
  file_offset_ += begin_;
  end_ -= begin_;
  begin_ = 0;
  while (end_ < need) {
    const ssize_t n = pread(fd_, buf_.data() + end_, buf_.size() - end_, off_t(file_offset_ + end_));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;  // end of file (or a read error libpcap will meet and report)
    end_ += size_t(n);
  }
  return true;
}

}  // namespace capture
