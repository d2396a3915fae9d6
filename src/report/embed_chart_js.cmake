# cmake -DIN=chart.min.js -DOUT=chart_js_data.cc -P embed_chart_js.cmake
# Writes the file's bytes as a C++ array (report::internal::kChartJs), the portable #embed.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUT}.tmp
  "// Generated from ${IN} by embed_chart_js.cmake: do not edit.\n"
  "#include <cstddef>\n\n"
  "namespace report::internal {\n"
  "extern const unsigned char kChartJs[];\n"
  "extern const std::size_t kChartJsSize;\n"
  "const unsigned char kChartJs[] = {${bytes}0x00};\n"
  "const std::size_t kChartJsSize = ${size};\n"
  "}  // namespace report::internal\n")
file(RENAME ${OUT}.tmp ${OUT})
