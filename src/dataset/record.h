// One row of the message CSV (docs/formats.md): the paper's Table 2 columns,
// then the labels.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/time_format.h"

namespace dataset {

inline constexpr std::array<std::string_view, 17> kCsvColumns = {
    "Seq",          "Temps",          "Source",       "MSG",
    "Via",          "From",           "To",           "Call-ID",
    "CSeq",         "Contact",        "Max-Forwards", "Subject",
    "Content-Type", "Content-Length", "Label",        "Attack",
    "Intensity"};

inline constexpr int kLabelUnknown = -1;
inline constexpr int kLabelLegitimate = 0;
inline constexpr int kLabelMalicious = 1;

struct MessageRecord {
  uint64_t seq = 0;       // Seq: 1-based position in the file
  util::Micros time = 0;  // Temps: capture time, written as seconds.micros
  std::string source;     // Source: source IP address of the packet
  std::string msg;        // MSG: the request line, e.g. "INVITE
                          // sip:service@10.0.0.1:5060 SIP/2.0"
  std::string via;        // top Via header value
  std::string from, to, call_id, cseq, contact;  // header values as sent
  int64_t max_forwards = -1;                     // -1 when absent (empty cell)
  std::string subject, content_type;
  int64_t content_length = -1;  // -1 when absent (empty cell)
  int label = kLabelUnknown;    // empty cell when unknown
  std::string
      attack;  // behaviour or spoofing mode, "none" for legitimate, "" unknown
  std::string intensity;  // VL L M H VH VH++, "none" for legitimate, "" unknown
};

}  // namespace dataset
