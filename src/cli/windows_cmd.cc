#include <cstdio>

#include "cli/command.h"
#include "dataset/csv_reader.h"
#include "dataset/windows.h"

namespace cli {

void RegisterWindows(CLI::App& root, RunFn& selected) {
  struct Args {
    std::string csv;
    dataset::WindowParams p;
    int top = 10;
  };
  auto args = std::make_shared<Args>();
  auto* sub = root.add_subcommand(
      "windows",
      "Count a labelled message CSV's windows (paper Eq. 1): its Table 1 row "
      "and the most "
      "frequent window patterns holding both classes (Table 4)");
  sub->add_option("csv", args->csv, "message CSV with a Label column")
      ->required();
  sub->add_option("--window", args->p.window, "window size W")
      ->capture_default_str();
  sub->add_option("--step", args->p.step, "step p between windows")
      ->capture_default_str();
  sub->add_option(
         "--min-malicious", args->p.min_malicious,
         "a window is malicious with at least this many malicious messages")
      ->capture_default_str();
  sub->add_option("--top", args->top, "mixed patterns to list")
      ->capture_default_str();
  sub->callback([args, &selected] {
    selected = [args] {
      util::Status valid = dataset::Validate(args->p);
      if (!valid.ok()) {
        std::fprintf(stderr, "sipddos windows: %s\n", valid.message().c_str());
        return kExitUsage;
      }
      auto labels = dataset::ReadLabels(args->csv);
      if (!labels.ok()) {
        std::fprintf(stderr, "sipddos windows: %s\n",
                     labels.status().message().c_str());
        return kExitFailure;
      }
      dataset::WindowStats st = dataset::CountWindows(*labels, args->p);
      std::printf(
          "%s: %zu messages, window %d, step %d, malicious when >= %d "
          "malicious\n",
          args->csv.c_str(), labels->size(), args->p.window, args->p.step,
          args->p.min_malicious);
      std::printf("%-12s %12s %12s %12s %10s\n", "", "legitimate", "malicious",
                  "total", "malicious%");
      std::printf("%-12s %12lld %12lld %12lld %9.2f%%\n", "windows",
                  (long long)st.legitimate, (long long)st.malicious,
                  (long long)st.total(), 100 * st.malicious_share());
      std::printf("\nmost frequent mixed patterns:\n");
      for (int i = 0; i < args->top && size_t(i) < st.mixed_patterns.size();
           ++i)
        std::printf("  %s %10lld\n",
                    dataset::PatternString(st.mixed_patterns[size_t(i)].first,
                                           args->p.window)
                        .c_str(),
                    (long long)st.mixed_patterns[size_t(i)].second);
      if (args->p.window == 10) {
        std::printf("\nTable 4 patterns:\n");
        for (dataset::Pattern pat : dataset::Table4Patterns())
          std::printf("  %s %10lld\n", dataset::PatternString(pat, 10).c_str(),
                      (long long)st.CountOf(pat));
      }
      return kExitOk;
    };
  });
}

static const CommandRegistration kWindowsRegistration(25, RegisterWindows);

}  // namespace cli
