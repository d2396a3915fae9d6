// Which BLAS the process has loaded: libtorch must run on OpenBLAS (Debian's
// libblas.so.3 alternative openblas-pthread), not the slow reference BLAS. Read
// from /proc/self/maps.
#pragma once

#include <string>
#include <vector>

namespace train {

// Paths of the mapped shared objects whose file name mentions "blas", in map
// order, unique.
std::vector<std::string> LoadedBlasLibraries();
// True when some mapped BLAS is OpenBLAS and none is the reference BLAS
// (.../blas/libblas.so*).
bool UsingOpenBlas(const std::vector<std::string>& libraries);

}  // namespace train
