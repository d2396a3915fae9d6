#include "lab/lab_network.h"

#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "lab/netns.h"

namespace lab {
namespace {

// Runs `ip ARGS` (our own fixed words and names: no quoting needed); the error quotes the
// command and what it printed.
util::Status Ip(const std::string& args) {
  const std::string cmd = "ip " + args;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return util::Status::Error(cmd + ": popen failed");
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, p)) out += buf;
  int rc = pclose(p);
  if (rc != 0) {
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return util::Status::Error("`" + cmd + "` failed: " + (out.empty() ? "exit status" : out));
  }
  return util::Status::Ok();
}

// pid of a sipddos-lab-<pid>-x name; 0 when it has none.
pid_t OwnerPid(const std::string& name) {
  const std::string prefix = kLabNetnsPrefix;
  if (name.rfind(prefix, 0) != 0) return 0;
  return pid_t(std::atol(name.c_str() + prefix.size()));
}

}  // namespace

std::vector<std::string> ListLabNamespaces() {
  std::vector<std::string> out;
  DIR* d = opendir(std::string(kNetnsDir).c_str());
  if (!d) return out;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.rfind(kLabNetnsPrefix, 0) == 0) out.push_back(name);
  }
  closedir(d);
  return out;
}

util::Result<std::unique_ptr<LabNetwork>> LabNetwork::Create(int phones) {
  if (phones < 1 || phones > 100)
    return util::Status::Error("phones " + std::to_string(phones) + ": must be 1..100");
  // Leftovers of runs that were killed outright (SIGKILL leaves no chance to clean up).
  for (const std::string& name : ListLabNamespaces()) {
    pid_t owner = OwnerPid(name);
    if (owner > 0 && owner != getpid() && kill(owner, 0) != 0 && errno == ESRCH)
      (void)Ip("netns del " + name);
  }
  std::unique_ptr<LabNetwork> net(new LabNetwork());
  const std::string base = kLabNetnsPrefix + std::to_string(getpid());
  net->srv_ = base + "-srv";
  net->cli_ = base + "-cli";
  net->atk_ = base + "-atk";
  net->phones_ = phones;
  if (util::Status st = net->Build(); !st.ok()) return st;  // the destructor removes the rest
  return net;
}

std::string LabNetwork::PhoneAddress(int j) const {
  return "192.168.56." + std::to_string(102 + j);
}

util::Status LabNetwork::Build() {
  for (const std::string* ns : {&srv_, &cli_, &atk_}) {
    SIPDDOS_RETURN_IF_ERROR(Ip("netns add " + *ns));
    created_.push_back(*ns);
    SIPDDOS_RETURN_IF_ERROR(Ip("-n " + *ns + " link set lo up"));
  }
  SIPDDOS_RETURN_IF_ERROR(
      Ip("-n " + srv_ + " link add s-cli type veth peer name c-srv netns " + cli_));
  SIPDDOS_RETURN_IF_ERROR(
      Ip("-n " + srv_ + " link add s-atk type veth peer name a-srv netns " + atk_));
  // Forged sources must reach the server: no reverse-path filter on its side (set before the
  // links come up; "all" and the interface both count).
  SIPDDOS_RETURN_IF_ERROR(Ip("netns exec " + srv_ +
                             " sysctl -q -w net.ipv4.conf.all.rp_filter=0"
                             " net.ipv4.conf.default.rp_filter=0 net.ipv4.conf.s-cli.rp_filter=0"
                             " net.ipv4.conf.s-atk.rp_filter=0"));
  SIPDDOS_RETURN_IF_ERROR(Ip("-n " + srv_ + " addr add " + kServerAddress + "/24 dev s-cli"));
  SIPDDOS_RETURN_IF_ERROR(Ip("-n " + srv_ + " addr add 10.200.0.1/24 dev s-atk"));
  for (int j = 0; j < phones_; ++j)
    SIPDDOS_RETURN_IF_ERROR(Ip("-n " + cli_ + " addr add " + PhoneAddress(j) + "/24 dev c-srv"));
  SIPDDOS_RETURN_IF_ERROR(Ip("-n " + atk_ + " addr add 10.200.0.2/24 dev a-srv"));
  SIPDDOS_RETURN_IF_ERROR(Ip("-n " + srv_ + " link set s-cli up"));
  SIPDDOS_RETURN_IF_ERROR(Ip("-n " + srv_ + " link set s-atk up"));
  SIPDDOS_RETURN_IF_ERROR(Ip("-n " + cli_ + " link set c-srv up"));
  SIPDDOS_RETURN_IF_ERROR(Ip("-n " + atk_ + " link set a-srv up"));
  SIPDDOS_RETURN_IF_ERROR(
      Ip("-n " + atk_ + " route add " + std::string(kServerAddress) + "/32 via 10.200.0.1"));
  return util::Status::Ok();
}

void LabNetwork::Remove() {
  for (const std::string& ns : created_) (void)Ip("netns del " + ns);
  created_.clear();
}

LabNetwork::~LabNetwork() { Remove(); }

}  // namespace lab
