// The lab's network: three namespaces of the project's own, created for one run and removed by
// the destructor (also after a failed step):
//
//   sipddos-lab-<pid>-cli  c-srv 192.168.56.102.. (one address per phone)
//            |  veth
//   sipddos-lab-<pid>-srv  s-cli 192.168.56.101/24   (SIPp UAS, the capture)
//                          s-atk 10.200.0.1/24
//            |  veth
//   sipddos-lab-<pid>-atk  a-srv 10.200.0.2/24, route 192.168.56.101/32 via 10.200.0.1
//
// No namespace has a default route: nothing sent inside (a flood packet, SIPp's answer to a
// spoofed source) can leave. Reverse-path filtering is off in srv so that forged sources reach
// the server. The addresses are the simulator's network 1 (server 192.168.56.101, phones from
// .102), so lab and simulated datasets look alike.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "util/status.h"

namespace lab {

inline constexpr char kLabNetnsPrefix[] = "sipddos-lab-";
inline constexpr char kServerAddress[] = "192.168.56.101";
inline constexpr uint16_t kServerPort = 5060;

class LabNetwork {
 public:
  // Creates the namespaces for `phones` (1..100) phone addresses. First removes namespaces left
  // by lab runs whose process is gone (a SIGKILLed run). On error, whatever was made is removed.
  static util::Result<std::unique_ptr<LabNetwork>> Create(int phones);
  ~LabNetwork();  // Remove()
  LabNetwork(const LabNetwork&) = delete;
  LabNetwork& operator=(const LabNetwork&) = delete;

  // Deletes the namespaces (idempotent). Their interfaces go with them.
  void Remove();

  const std::string& server_ns() const { return srv_; }
  const std::string& clients_ns() const { return cli_; }
  const std::string& attacker_ns() const { return atk_; }
  // Phone j's address (0-based), "192.168.56.<102 + j>".
  std::string PhoneAddress(int j) const;
  int phones() const { return phones_; }

 private:
  LabNetwork() = default;
  util::Status Build();

  std::string srv_, cli_, atk_;
  std::vector<std::string> created_;
  int phones_ = 0;
};

// Namespaces named sipddos-lab-<pid>-* (any pid), as listed in /run/netns.
std::vector<std::string> ListLabNamespaces();

}  // namespace lab
