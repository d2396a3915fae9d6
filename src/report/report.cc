#include "report/report.h"

#include "report/html.h"
#include "report/markdown.h"
#include "util/atomic_file.h"

namespace report {

std::string MarkdownPathFor(const std::string& html_path) {
  for (const char* ext : {".html", ".htm"}) {
    std::string e = ext;
    std::size_t slash = html_path.find_last_of('/');
    std::size_t base = slash == std::string::npos ? 0 : slash + 1;
    if (html_path.size() > base + e.size() &&
        html_path.compare(html_path.size() - e.size(), e.size(), e) == 0)
      return html_path.substr(0, html_path.size() - e.size()) + ".md";
  }
  return html_path + ".md";
}

util::Status WriteReport(const nlohmann::json& layout, const std::string& html_path) {
  if (html_path.empty() || html_path == "-")
    return util::Status::Error(
        "report: needs a file path (the Markdown twin is written beside it)");
  auto html = RenderHtml(layout);
  if (!html.ok()) return html.status();
  auto markdown = RenderMarkdown(layout);
  if (!markdown.ok()) return markdown.status();

  std::string md_path = MarkdownPathFor(html_path);
  util::AtomicFile html_file, md_file;
  SIPDDOS_RETURN_IF_ERROR(html_file.Open(html_path));
  SIPDDOS_RETURN_IF_ERROR(md_file.Open(md_path));
  SIPDDOS_RETURN_IF_ERROR(html_file.Write(*html));
  SIPDDOS_RETURN_IF_ERROR(md_file.Write(*markdown));
  SIPDDOS_RETURN_IF_ERROR(html_file.Commit());
  return md_file.Commit();
}

}  // namespace report
