#include "dataset/confusion.h"

#include <cstdio>

namespace dataset {

std::string Confusion::Summary() const {
  char buf[160];
  std::snprintf(buf, sizeof buf, "acc %.4f prec %.4f rec %.4f f1 %.4f miss %lld (fp %lld fn %lld)",
                accuracy(), precision(), recall(), f1(), (long long)misclassified(), (long long)fp,
                (long long)fn);
  return buf;
}

}  // namespace dataset
