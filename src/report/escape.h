// Escaping of layout text for each place it lands: HTML element content, Markdown inline text and
// code blocks, JSON inside a <script> element. Layout text is plain text, never markup.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace report {

// & < > " ' as character references: safe in element content and quoted attributes.
std::string EscapeHtml(std::string_view text);
// Inline Markdown text (a paragraph or a table cell): line breaks become spaces, the characters
// that start Markdown or HTML constructs are backslash-escaped, and a leading list or heading
// marker is neutralised, so the text renders literally.
std::string EscapeMarkdown(std::string_view text);
// The same for a table cell, where a leading "-" or "1." is plain text and stays unescaped.
std::string EscapeMarkdownCell(std::string_view text);
// A fenced code block whose fence is longer than any backtick run in text.
std::string MarkdownCodeBlock(std::string_view text);
// JSON text that can sit inside <script>: '<', '>' and '&' are written as \u003c etc. (so no
// "</script" or "<!--" can appear) and invalid UTF-8 is replaced with U+FFFD.
std::string ScriptSafeJson(const nlohmann::json& value);

}  // namespace report
