// The paper's published figures (Sbai et al., MLN 2023), copied so the report
// can put ours beside them. Table 1: §4.2; Table 3: §5; Table 4: §5. Dataset
// 1's test split is our test1, dataset 2's our test2.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace eval::paper {

struct Table1Row {
  std::string_view split;  // "train", "val", "test1", "test2"
  int64_t legitimate, malicious, total;
};
inline constexpr std::array<Table1Row, 4> kTable1 = {{
    {"train", 678343, 457512, 1135855},
    {"val", 44844, 32827, 77671},
    {"test1", 124019, 91436, 215455},
    {"test2", 124019, 91436, 215455},
}};

struct Table3Row {
  std::string_view test;   // "test1" (dataset 1), "test2" (dataset 2)
  std::string_view model;  // "rnn", "lstm", "gru"
  int64_t misclassified;
  double inference_us;  // per 10-message window
  double fp_percent, fn_percent;
};
inline constexpr std::array<Table3Row, 6> kTable3 = {{
    {"test1", "rnn", 102, 700.0, 0.05, 0.04},
    {"test1", "lstm", 109, 749.0, 0.1, 0.01},
    {"test1", "gru", 63, 763.0, 0.05, 0.01},
    {"test2", "rnn", 103, 695.0, 0.05, 0.04},
    {"test2", "lstm", 85, 753.0, 0.06, 0.01},
    {"test2", "gru", 48, 757.0, 0.03, 0.01},
}};

// Table 4: misclassified windows per pattern (message 1 first), train and test
// counts.
struct Table4Row {
  std::string_view pattern;  // "1000000000": message j of the window is character j
  int64_t train, test;
  int64_t lstm_t1, lstm_t2, gru_t1, gru_t2, rnn_t1, rnn_t2;
};
inline constexpr std::array<Table4Row, 6> kTable4 = {{
    {"1000000000", 500, 95, 0, 7, 0, 0, 21, 29},
    {"1100000000", 529, 93, 31, 26, 11, 8, 11, 12},
    {"1110000000", 628, 110, 9, 6, 0, 2, 0, 0},
    {"1111000000", 1080, 200, 8, 3, 0, 0, 0, 0},
    {"0000000010", 31, 7, 5, 5, 7, 6, 0, 0},
    {"0000000011", 553, 100, 9, 9, 18, 12, 20, 19},
}};

}  // namespace eval::paper
