// The fast path of capture::OpenFile for a plain classic pcap file: records are read in blocks
// (pread into one 128 KiB buffer, allocated once) and handed out in place, with no call
// into libpcap and no copy per packet. It only handles what needs no libpcap logic: native byte
// order, version 2.4, microsecond or nanosecond stamps, records whose captured length fits the
// snapshot length, the buffer and the file, stamps whose fields have the top bit clear. At the
// first record that is anything else (cut short, oversized, a stamp libpcap reads as negative) it
// stops and says where, and PcapSource hands that record and the rest to
// libpcap, which then reports exactly what it always did.
//
// Blocks are read rather than mapped: a first version mapped the file; page faults and munmap
// cost as much as copying blocks into a buffer that stays in cache, and a mapping of a file that
// another process truncates raises SIGBUS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "util/time_format.h"

namespace capture {

class BlockPcapReader {
 public:
  struct Record {
    util::Micros ts = 0;
    std::span<const uint8_t> data;  // caplen bytes, valid until the next Next()
    uint32_t wire_len = 0;
  };

  // Reads the file open as `fd` (duplicated; read with pread, so the descriptor's offset is
  // untouched) when its header qualifies; snaplen is the limit libpcap applies
  // (pcap_snapshot). ok() is false when the file is not eligible (libpcap reads it all then).
  BlockPcapReader(int fd, uint32_t snaplen);
  ~BlockPcapReader();
  BlockPcapReader(const BlockPcapReader&) = delete;
  BlockPcapReader& operator=(const BlockPcapReader&) = delete;

  bool ok() const { return fd_ >= 0; }

  // The next ordinary record: true and *r filled; false at the end of the file or at a record
  // this reader leaves to libpcap (then fallback_offset() is where that record starts).
  bool Next(Record* r) {
    constexpr size_t kRecordHeader = 16;
    if (end_ - begin_ < kRecordHeader && !Refill(kRecordHeader)) return false;
    uint32_t f[4];
    std::memcpy(f, buf_.data() + begin_, sizeof(f));
    const uint32_t caplen = f[2];
    if (caplen > snaplen_) return false;
    // libpcap (1.10) reads both stamp fields as signed: a top bit set (seconds past 2038, a
    // bogus fraction) is its business, or the fast path would give another time (found by fuzzing).
    if ((f[0] | f[1]) >> 31) return false;
    if (end_ - begin_ < kRecordHeader + caplen && !Refill(kRecordHeader + caplen)) return false;
    r->ts = util::Micros{f[0]} * 1'000'000 + (nanos_ ? f[1] / 1000 : f[1]);
    r->data = {buf_.data() + begin_ + kRecordHeader, caplen};
    r->wire_len = f[3];
    begin_ += kRecordHeader + caplen;
    return true;
  }

  // File offset of the record Next() stopped at (the file size at a clean end).
  uint64_t fallback_offset() const { return file_offset_ + begin_; }

 private:
  // Moves the unread bytes to the front and reads more; true when `need` bytes are there.
  bool Refill(size_t need);

  int fd_ = -1;
  std::vector<uint8_t> buf_;
  size_t begin_ = 0, end_ = 0;  // unread bytes: buf_[begin_, end_)
  uint64_t file_offset_ = 0;    // file offset of buf_[0]
  uint32_t snaplen_ = 0;
  bool nanos_ = false;
};

}  // namespace capture
