#include "report/chart_js.h"

#include <cctype>
#include <cstddef>

namespace report {
namespace internal {
extern const unsigned char kChartJs[];
extern const std::size_t kChartJsSize;
}  // namespace internal

std::string_view ChartJsSource() {
  return {reinterpret_cast<const char*>(internal::kChartJs), internal::kChartJsSize};
}

std::string ChartJsVersion() {
  // The header comment reads " * Chart.js v3.9.1".
  std::string_view head = ChartJsSource().substr(0, 300);
  std::size_t at = head.find("Chart.js v");
  if (at == std::string_view::npos) return "unknown";
  std::size_t begin = at + 10, end = begin;
  while (end < head.size() &&
         (std::isdigit(static_cast<unsigned char>(head[end])) || head[end] == '.'))
    ++end;
  return end > begin ? std::string(head.substr(begin, end - begin)) : "unknown";
}

}  // namespace report
