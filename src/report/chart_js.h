// The Chart.js library (from Debian's libjs-chart.js), compiled into the binary at build time so
// that pages inlining it (the evaluation report, the live status page) open offline.
#pragma once

#include <string>
#include <string_view>

namespace report {

// The whole minified library (UMD build: defines the global `Chart`), licence header included.
// It contains no "</script": it can be placed verbatim inside a <script> element.
std::string_view ChartJsSource();
// "3.9.1": the version named in the library's header comment, or "unknown".
std::string ChartJsVersion();

}  // namespace report
