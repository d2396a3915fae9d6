#include "train/blas_info.h"

#include <dlfcn.h>

#include <algorithm>
#include <fstream>

namespace train {

std::vector<std::string> LoadedBlasLibraries() {
  std::vector<std::string> out;
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    size_t slash = line.find('/');
    if (slash == std::string::npos) continue;
    std::string path = line.substr(slash);
    std::string name = path.substr(path.rfind('/') + 1);
    if (name.find("blas") == std::string::npos) continue;
    if (std::find(out.begin(), out.end(), path) == out.end()) out.push_back(path);
  }
  return out;
}

bool UsingOpenBlas(const std::vector<std::string>& libraries) {
  bool open = false;
  for (const std::string& p : libraries) {
    if (p.find("openblas") != std::string::npos) {
      open = true;
    } else if (p.find("/blas/libblas.so") != std::string::npos) {
      return false;  // the reference implementation
    }
  }
  return open;
}

int SetOpenBlasThreads(int threads) {
  using SetFn = void (*)(int);
  using GetFn = int (*)();
  auto set = reinterpret_cast<SetFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  auto get = reinterpret_cast<GetFn>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  if (set == nullptr || get == nullptr) return -1;
  set(threads);
  return get();
}

}  // namespace train
