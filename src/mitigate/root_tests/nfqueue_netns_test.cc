// Root only: real NFQUEUE verdicts inside a fresh network namespace. UDP datagrams to
// 127.0.0.1:5060 go through queue 7; the handler drops those starting with "DROP". Once the
// reader is gone, the rule's bypass flag lets traffic through (fail open).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "mitigate/nfqueue.h"
#include "mitigate/root_tests/netns_testing.h"

namespace mitigate {
namespace {

// Sends `text` n times to 127.0.0.1:5060 from `tx`.
void SendN(int tx, const std::string& text, int n) {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(5060);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (int i = 0; i < n; ++i)
    sendto(tx, text.data(), text.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
}

// Counts datagrams arriving on rx within `ms` of quiet, by first letter.
void Drain(int rx, int* pass, int* drop, int ms = 300) {
  timeval tv{0, ms * 1000};
  setsockopt(rx, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char buf[256];
  for (;;) {
    ssize_t n = recv(rx, buf, sizeof buf, 0);
    if (n <= 0) return;
    (buf[0] == 'D' ? *drop : *pass) += 1;
  }
}

TEST(NfQueueNetns, DropsWhatTheHandlerSaysAndFailsOpenWithoutIt) {
  TestNetns ns;
  ASSERT_TRUE(ns.ok());
  // nft's own queue statement when the kernel has it, else the xtables NFQUEUE target.
  bool rule =
      Sh(ns.Exec("nft add table inet q")) == 0 &&
      Sh(ns.Exec("nft add chain inet q in '{ type filter hook input priority 0; }'")) == 0 &&
      Sh(ns.Exec("nft add rule inet q in udp dport 5060 queue num 7 bypass")) == 0;
  if (!rule)
    rule = Sh(ns.Exec("iptables -A INPUT -p udp --dport 5060 -j NFQUEUE --queue-num 7 "
                      "--queue-bypass")) == 0;
  ASSERT_TRUE(rule) << "neither nft queue nor iptables NFQUEUE works here";

  int pass = 0, drop = 0, pass_after = 0, drop_after = 0;
  uint64_t judged = 0, dropped = 0;
  bool entered = ns.RunInside([&] {
    int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(5060);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(bind(rx, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    {
      NfQueueOptions o;
      o.queue_num = 7;
      o.idle_every = 20'000;
      auto q = NfQueue::Open(o, [](std::span<const uint8_t> p, util::Micros) {
        // IPv4 header (20 bytes here) + UDP header (8): the payload's first byte.
        return p.size() > 28 && p[28] == 'D' ? Verdict::kDrop : Verdict::kAccept;
      });
      ASSERT_TRUE(q.ok()) << q.status().message();
      std::thread reader([&] { EXPECT_TRUE((*q)->Run(nullptr).ok()); });
      for (int i = 0; i < 20; ++i) {
        SendN(tx, "PASS", 3);
        SendN(tx, "DROP", 2);
      }
      Drain(rx, &pass, &drop);
      (*q)->Interrupt();
      reader.join();
      judged = (*q)->stats().packets.load();
      dropped = (*q)->stats().dropped.load();
    }  // queue closed: nobody listens on 7 any more
    SendN(tx, "PASS", 5);
    SendN(tx, "DROP", 5);
    Drain(rx, &pass_after, &drop_after);
    close(rx);
    close(tx);
  });
  ASSERT_TRUE(entered);
  EXPECT_EQ(judged, 100u);
  EXPECT_EQ(dropped, 40u);
  EXPECT_EQ(pass, 60);
  EXPECT_EQ(drop, 0);
  // bypass: with no reader the kernel accepts instead of dropping.
  EXPECT_EQ(pass_after, 5);
  EXPECT_EQ(drop_after, 5);
}

}  // namespace
}  // namespace mitigate
