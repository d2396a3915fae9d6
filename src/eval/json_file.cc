#include "eval/json_file.h"

#include "util/atomic_file.h"

namespace eval {

util::Status WriteJsonFile(const nlohmann::json &doc, const std::string &path) {
  util::AtomicFile f;
  SIPDDOS_RETURN_IF_ERROR(f.Open(path));
  // Invalid UTF-8 (from a file name, say) is replaced rather than thrown about.
  std::string text = doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  SIPDDOS_RETURN_IF_ERROR(f.Write(text).WithContext(path));
  return f.Commit().WithContext(path);
}

}  // namespace eval
