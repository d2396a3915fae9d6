#include "cli/default_model.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace cli {

std::string DefaultModelPath() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (const char* env = std::getenv("SIPDDOS_MODEL"); env && *env) return env;
  const char* kName = "default-gru.safetensors";
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share/sipddos/models" / kName;
    if (fs::exists(installed, ec)) return installed.string();
  }
  fs::path source = fs::path(SIPDDOS_SOURCE_DIR) / "models" / kName;
  if (fs::exists(source, ec)) return source.string();
  return "";
}

}  // namespace cli
