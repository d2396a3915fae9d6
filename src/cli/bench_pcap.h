#pragma once

#include <string>

namespace cli {

// Prints the detection path's INVITE/s on `pcap` and tshark's on the same file, with the ratio.
int RunPcapBench(const std::string& pcap, const std::string& model_path, int repeats);

}  // namespace cli
