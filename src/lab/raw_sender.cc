#include "lab/raw_sender.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lab {
namespace {

void Put16(unsigned char *p, uint16_t v) {
  p[0] = uint8_t(v >> 8);
  p[1] = uint8_t(v);
}
void Put32(unsigned char *p, uint32_t v) {
  Put16(p, uint16_t(v >> 16));
  Put16(p + 2, uint16_t(v));
}

uint32_t SumWords(const unsigned char *p, size_t n, uint32_t sum) {
  for (; n >= 2; p += 2, n -= 2) sum += uint32_t(p[0]) << 8 | p[1];
  if (n) sum += uint32_t(p[0]) << 8;
  return sum;
}

uint16_t Fold(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return uint16_t(~sum);
}

}  // namespace

uint16_t UdpChecksum(uint32_t src, uint32_t dst, const unsigned char *udp, size_t udp_len) {
  uint32_t sum =
      (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + IPPROTO_UDP + uint32_t(udp_len);
  uint16_t c = Fold(SumWords(udp, udp_len, sum));
  return c == 0 ? 0xffff : c;
}

RawUdpSender::~RawUdpSender() {
  if (fd_ >= 0) close(fd_);
}

util::Status RawUdpSender::Open() {
  if (fd_ >= 0) return util::Status::Ok();
  fd_ = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC,
               IPPROTO_RAW);  // implies IP_HDRINCL
  if (fd_ < 0)
    return util::Status::Error(std::string("raw socket (needs root / CAP_NET_RAW): ") +
                               std::strerror(errno));
  return util::Status::Ok();
}

bool RawUdpSender::Send(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport,
                        std::string_view payload) {
  if (payload.size() > kMaxPayload) {
    errno = EMSGSIZE;
    return false;
  }
  const size_t udp_len = 8 + payload.size(), total = 20 + udp_len;
  unsigned char *ip = packet_;
  ip[0] = 0x45;  // IPv4, 20-byte header
  ip[1] = 0;
  Put16(ip + 2, uint16_t(total));
  Put16(ip + 4, ip_id_++);
  Put16(ip + 6, 0x4000);  // DF: a SIP INVITE fits one datagram here
  ip[8] = 64;
  ip[9] = IPPROTO_UDP;
  Put16(ip + 10, 0);  // the kernel fills the header checksum
  Put32(ip + 12, src);
  Put32(ip + 16, dst);
  unsigned char *udp = ip + 20;
  Put16(udp, sport);
  Put16(udp + 2, dport);
  Put16(udp + 4, uint16_t(udp_len));
  Put16(udp + 6, 0);
  std::memcpy(udp + 8, payload.data(), payload.size());
  Put16(udp + 6, UdpChecksum(src, dst, udp, udp_len));
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(dst);
  ssize_t n;
  do {
    n = sendto(fd_, packet_, total, 0, reinterpret_cast<const sockaddr *>(&to), sizeof to);
  } while (n < 0 && errno == EINTR);
  return n == ssize_t(total);
}

}  // namespace lab
