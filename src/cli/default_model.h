// Where the shipped default model is found when --model is not given.
#pragma once

#include <string>

namespace cli {

// The first that exists of: $SIPDDOS_MODEL; <prefix>/share/sipddos/models/default-gru.safetensors
// next to the installed binary; the source tree's models/default-gru.safetensors. "" if none.
std::string DefaultModelPath();

}  // namespace cli
