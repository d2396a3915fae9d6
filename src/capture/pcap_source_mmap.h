// The fast path of capture::OpenFile for a plain classic pcap file: the file is memory-mapped
// and its records are read in place (no fread copy into libpcap's buffer, no call per packet
// into libpcap). It only handles what needs no libpcap logic: native byte order, version 2.4,
// microsecond or nanosecond stamps, records whose captured length fits the snapshot length
// and the file. At the first record that is anything else (cut short, oversized) it stops and
// says where, and PcapSource hands that record and the rest to libpcap, which then reports
// exactly what it always did.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "util/time_format.h"

namespace capture {

class MappedPcap {
 public:
  struct Record {
    util::Micros ts = 0;
    std::span<const uint8_t> data;  // caplen bytes, valid while the MappedPcap lives
    uint32_t wire_len = 0;
  };

  // Maps `fd` (a regular file) when its header qualifies; snaplen is the limit libpcap applies
  // (pcap_snapshot). ok() is false when the file is not eligible (libpcap reads it all then).
  MappedPcap(int fd, uint32_t snaplen);
  ~MappedPcap();
  MappedPcap(const MappedPcap&) = delete;
  MappedPcap& operator=(const MappedPcap&) = delete;

  bool ok() const { return base_ != nullptr; }

  // The next ordinary record: true and *r filled; false at the end of the file or at a record
  // this reader leaves to libpcap (then fallback_offset() is where that record starts).
  bool Next(Record* r) {
    constexpr size_t kRecordHeader = 16;
    if (size_ - pos_ < kRecordHeader) return false;
    const uint8_t* h = base_ + pos_;
    uint32_t f[4];
    std::memcpy(f, h, sizeof(f));
    const uint32_t caplen = f[2];
    if (caplen > snaplen_ || caplen > size_ - pos_ - kRecordHeader) return false;
    r->ts = util::Micros{f[0]} * 1'000'000 + (nanos_ ? f[1] / 1000 : f[1]);
    r->data = {h + kRecordHeader, caplen};
    r->wire_len = f[3];
    pos_ += kRecordHeader + caplen;
    return true;
  }

  // Offset of the record Next() stopped at (the file size at a clean end).
  size_t fallback_offset() const { return pos_; }
  bool at_end() const { return pos_ == size_; }

 private:
  const uint8_t* base_ = nullptr;
  size_t size_ = 0;
  size_t pos_ = 0;
  uint32_t snaplen_ = 0;
  bool nanos_ = false;
};

}  // namespace capture
