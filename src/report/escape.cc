#include "report/escape.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace report {

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

std::string EscapeMarkdownInline(std::string_view text, bool block_start) {
  // Collapse line breaks and leading blanks: a Markdown line break could end a table row or
  // start a new block (list, heading, indented code).
  std::string flat;
  flat.reserve(text.size());
  for (char c : text) flat += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  std::size_t start = flat.find_first_not_of(' ');
  if (start == std::string::npos) return "";
  std::string_view body = std::string_view(flat).substr(start);

  static constexpr std::string_view kSpecial = "\\`*_[]<>#|~&";
  std::string out;
  out.reserve(body.size() + 8);
  // "-", "+", "=" or "12." / "12)" at the start would make a list, a rule or a heading.
  std::size_t digits = 0;
  while (digits < body.size() && std::isdigit(static_cast<unsigned char>(body[digits]))) ++digits;
  bool numbered = block_start && digits > 0 && digits < body.size() &&
                  (body[digits] == '.' || body[digits] == ')');
  if (block_start && (body[0] == '-' || body[0] == '+' || body[0] == '=')) out += '\\';
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (kSpecial.find(c) != std::string_view::npos || (numbered && i == digits)) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string EscapeMarkdown(std::string_view text) { return EscapeMarkdownInline(text, true); }
std::string EscapeMarkdownCell(std::string_view text) { return EscapeMarkdownInline(text, false); }

std::string MarkdownCodeBlock(std::string_view text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string out = fence + "\n";
  out += text;
  if (text.empty() || text.back() != '\n') out += '\n';
  return out + fence + "\n";
}

std::string ScriptSafeJson(const nlohmann::json& value) {
  std::string raw = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(raw.size() + 32);
  // '<', '>' and '&' occur only inside JSON strings, where the \u form means the same.
  for (char c : raw) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace report
