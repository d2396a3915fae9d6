// Writes a JSON document through util::AtomicFile (whole or not at all), "-"
// for stdout.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "util/status.h"

namespace eval {

util::Status WriteJsonFile(const nlohmann::json &doc, const std::string &path);

}  // namespace eval
