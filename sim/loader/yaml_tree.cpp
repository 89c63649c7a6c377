#include "loader/yaml_tree.hpp"

#include "rollout/scenario/distributions.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace rollout::loader {

std::string Diagnostics::shown_path(const std::string& path) {
  if (path.size() <= kMaxKeyBytes) return path;
  std::string shown;
  for (std::size_t start = 0; start <= path.size();) {
    std::size_t dot = path.find('.', start);
    if (dot == std::string::npos) dot = path.size();
    if (start > 0) shown += '.';
    shown += excerpt(std::string_view(path).substr(start, dot - start), kMaxKeyBytes);
    start = dot + 1;
  }
  return shown;
}

void Diagnostics::throw_if_any() const {
  if (list_.empty()) return;
  std::vector<Diagnostic> sorted = list_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.file, a.where.line, a.where.column) <
           std::tie(b.where.file, b.where.line, b.where.column);
  });
  if (dropped_ > 0) {
    Diagnostic more = sorted.back();
    more.path.clear();
    more.message =
        fmt::format("and {} more problems (only the first {} are listed)", dropped_, kMaxProblems);
    sorted.push_back(std::move(more));
  }
  throw InputError(std::move(sorted));
}

const TreeNode* TreeNode::find(std::string_view key) const {
  for (const MapEntry& e : entries) {
    if (e.key == key) return &e.value;
  }
  return nullptr;
}

std::string TreeNode::kind_name() const {
  switch (kind) {
    case Kind::null:
      return "empty";
    case Kind::scalar:
      return quoted ? fmt::format("the string \"{}\"", excerpt(scalar)) : excerpt(scalar);
    case Kind::sequence:
      return "a list";
    case Kind::map:
      return "a map";
  }
  return "?";
}

namespace {

class Converter {
 public:
  Converter(std::string file, Diagnostics& diagnostics)
      : file_(std::move(file)), diagnostics_(diagnostics) {}

  std::optional<TreeNode> convert(const YAML::Node& node, const SourceLocation& fallback,
                                  const std::string& path, int depth) {
    if (++node_count_ > kMaxTreeNodes) {
      if (!reported_size_) {
        diagnostics_.error(
            fallback, path,
            fmt::format(
                "the document holds more than {} values (far more than a scenario needs; aliases "
                "repeated too often?); refusing to load it",
                kMaxTreeNodes));
      }
      reported_size_ = true;
      return std::nullopt;
    }
    if (depth > kMaxTreeDepth) {
      diagnostics_.error(
          fallback, path,
          fmt::format("nests deeper than {} levels; refusing to load it", kMaxTreeDepth));
      return std::nullopt;
    }
    TreeNode out;
    out.where = node.Type() == YAML::NodeType::Null ? fallback : location(node.Mark());
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = TreeNode::Kind::null;
        break;
      case YAML::NodeType::Scalar:
        out.kind = TreeNode::Kind::scalar;
        out.scalar = node.Scalar();
        out.quoted = node.Tag() == "!";
        break;
      case YAML::NodeType::Sequence: {
        out.kind = TreeNode::Kind::sequence;
        std::size_t i = 0;
        for (const YAML::Node& item : node) {
          auto child = convert(item, out.where, fmt::format("{}[{}]", path, i++), depth + 1);
          if (!child) return std::nullopt;
          out.items.push_back(std::move(*child));
        }
        break;
      }
      case YAML::NodeType::Map:
        out.kind = TreeNode::Kind::map;
        for (auto it = node.begin(); it != node.end(); ++it) {
          const SourceLocation key_where = location(it->first.Mark());
          if (!it->first.IsScalar()) {
            diagnostics_.error(key_where, path,
                               "a map key must be a plain name, not a list or map");
            return std::nullopt;
          }
          const std::string key = it->first.Scalar();
          const std::string child_path = path.empty() ? key : path + "." + key;
          auto child = convert(it->second, key_where, child_path, depth + 1);
          if (!child) return std::nullopt;
          out.entries.push_back({key, key_where, std::move(*child)});
        }
        break;
    }
    return out;
  }

  SourceLocation location(const YAML::Mark& mark) const {
    return {file_, mark.line + 1, mark.column + 1};
  }

 private:
  std::string file_;
  Diagnostics& diagnostics_;
  std::size_t node_count_ = 0;
  bool reported_size_ = false;
};

// The position of the first byte that is not part of valid UTF-8, if any. Outputs
// (JSON above all) must be valid UTF-8, so a bad byte is refused before any run.
struct BadByte {
  SourceLocation where;
  unsigned char byte = 0;
};

std::optional<BadByte> first_invalid_utf8(const std::string& text, const std::string& file) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80           ? 1
                         : (c >> 5) == 0x6  ? 2
                         : (c >> 4) == 0xE  ? 3
                         : (c >> 3) == 0x1E ? 4
                                            : 0;
    bool ok = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; ok && k < length; ++k)
      ok = (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
    // Overlong forms and surrogates are not UTF-8 either.
    if (ok && length == 2) ok = c >= 0xC2;
    if (ok && length == 3) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && length == 4) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      ok = c <= 0xF4 && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (!ok) return BadByte{{file, line, column}, c};
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += length;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> read_text_file(const std::string& path,
                                          const SourceLocation& requested_at,
                                          const std::string& requested_path,
                                          Diagnostics& diagnostics) {
  std::error_code ec;
  // Devices, pipes and folders are refused: /dev/zero would be read forever.
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec)) {
    diagnostics.error(requested_at, requested_path,
                      fmt::format("'{}' is not a regular file", path));
    return std::nullopt;
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxFileBytes) {
    diagnostics.error(
        requested_at, requested_path,
        fmt::format(
            "'{}' is {} bytes, more than the {} MiB an input file may have; refusing to read it",
            path, size, kMaxFileBytes >> 20));
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    diagnostics.error(requested_at, requested_path, fmt::format("cannot read file '{}'", path));
    return std::nullopt;
  }
  return text.str();
}

bool check_utf8(const std::string& text, const std::string& file, Diagnostics& diagnostics) {
  const auto bad = first_invalid_utf8(text, file);
  if (!bad) return true;
  diagnostics.error(
      bad->where, "",
      fmt::format("the file is not valid UTF-8 here (byte 0x{:02X}); save it as UTF-8 text",
                  bad->byte));
  return false;
}

// The line (from 1) where a second YAML document starts, or 0. YAML forbids "---" and
// "..." at the start of a line inside any scalar, so a line scan finds document markers
// exactly; YAML::LoadAll would instead build every document, and fuzzing found inputs of
// many documents that took it over 10 s.
static int second_document_line(const std::string& text) {
  auto has_content = [](std::string_view l) {
    const std::size_t first = l.find_first_not_of(" \t");
    return first != std::string_view::npos && l[first] != '#' && l[first] != '%';
  };
  bool content = false, ended = false;
  int line = 1;
  for (std::size_t at = 0; at < text.size(); ++line) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string_view l(text.data() + at, end - at);
    at = end + 1;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    auto marker = [&l](std::string_view m) {
      return l.substr(0, 3) == m && (l.size() == 3 || l[3] == ' ' || l[3] == '\t');
    };
    if (marker("---")) {
      if (content) return line;
      content = has_content(l.substr(3));  // "--- {a: 1}" starts the first document
    } else if (marker("...")) {
      ended = ended || content;
    } else if (has_content(l)) {
      if (ended) return line;
      content = true;
    }
  }
  return 0;
}

std::optional<TreeNode> parse_yaml(const std::string& text, const std::string& file,
                                   Diagnostics& diagnostics) {
  if (!check_utf8(text, file, diagnostics)) return std::nullopt;
  YAML::Node root;
  try {
    if (const int line = second_document_line(text); line > 0) {
      diagnostics.error({file, line, 1}, "",
                        "starts a second YAML document (after ---), but a file holds one "
                        "scenario: use extends: to combine files");
      return std::nullopt;
    }
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    diagnostics.error({file, e.mark.line + 1, e.mark.column + 1}, "",
                      fmt::format("YAML syntax error: {}", e.msg));
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    diagnostics.error({file, e.mark.line + 1, e.mark.column + 1}, "",
                      fmt::format("YAML error: {}", e.msg));
    return std::nullopt;
  }
  Converter converter(file, diagnostics);
  try {
    return converter.convert(root, {file, 1, 1}, "", 0);
  } catch (const YAML::Exception& e) {
    diagnostics.error({file, e.mark.line + 1, e.mark.column + 1}, "",
                      fmt::format("YAML error: {}", e.msg));
    return std::nullopt;
  }
}

std::optional<TreeNode> read_yaml_file(const std::string& path, const SourceLocation& requested_at,
                                       const std::string& requested_path,
                                       Diagnostics& diagnostics) {
  const auto text = read_text_file(path, requested_at, requested_path, diagnostics);
  if (!text) return std::nullopt;
  return parse_yaml(*text, path, diagnostics);
}

bool is_distribution(const TreeNode& node) {
  const auto& names = distribution_names();
  return node.is_map() && node.entries.size() == 1 &&
         std::find(names.begin(), names.end(), node.entries.front().key) != names.end();
}

TreeNode merge(TreeNode base, const TreeNode& overlay) {
  // A distribution is one value: `{normal: ...}` over `{beta: ...}` replaces it whole.
  if (!base.is_map() || !overlay.is_map() || is_distribution(overlay)) return overlay;
  std::set<std::string> merged_keys;
  for (const MapEntry& entry : overlay.entries) {
    auto target = std::find_if(base.entries.begin(), base.entries.end(),
                               [&](const MapEntry& e) { return e.key == entry.key; });
    // `~` over a base's key removes it: a scalar falls back to its default, a brand,
    // format or region is dropped (docs/scenarios.md, "Variants").
    if (entry.value.is_null() && target != base.entries.end() &&
        merged_keys.count(entry.key) == 0) {
      base.entries.erase(target);
      merged_keys.insert(entry.key);
      continue;
    }
    // A key written twice in the overlay stays twice, so the reader reports the duplicate.
    if (target == base.entries.end() || merged_keys.count(entry.key) > 0) {
      base.entries.push_back(entry);
    } else {
      target->value = merge(std::move(target->value), entry.value);
      target->key_where = entry.key_where;
    }
    merged_keys.insert(entry.key);
  }
  base.where = overlay.where;
  return base;
}

}  // namespace rollout::loader
