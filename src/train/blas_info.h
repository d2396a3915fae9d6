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

// OpenBLAS keeps its own thread pool, which at::set_num_threads does not
// touch: on a shared 2-core machine its threads spin at every small GEMM and
// double the CPU time of training. Sets it (openblas_set_num_threads, looked up
// at run time) and returns the count now in use; -1 when the process has no
// OpenBLAS.
int SetOpenBlasThreads(int threads);

}  // namespace train
