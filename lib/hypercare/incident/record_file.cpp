#include "hypercare/incident/record_file.hpp"

#include <fmt/format.h>

#include "hypercare/incident/model.hpp"
#include "hypercare/store/fs.hpp"

namespace hypercare::incident {

namespace fs = std::filesystem;

namespace {

std::string str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

}  // namespace

store::JsonlFile with_routed_events(store::JsonlFile file, const fs::path& path, bool* routed) {
  std::string from, origin;
  for (const auto& line : file.lines)
    if (str(line.value, "type") == event::created && !str(line.value, "split_from").empty()) {
      from = str(line.value, "split_from");
      origin = str(line.value, "id");
      break;
    }
  if (routed) *routed = !from.empty();
  if (from.empty() || origin.empty() || from.find('/') != std::string::npos) return file;
  auto text = store::read_file(path.parent_path() / (from + ".jsonl"), store::k_max_record_bytes);
  if (!text) return file;
  auto source = store::parse_jsonl(*text, path.parent_path() / (from + ".jsonl"));
  if (!source) return file;
  for (auto& line : source->lines) {
    std::string type = str(line.value, "type");
    if (type == event::created || type == event::split || str(line.value, "origin") != origin) continue;
    file.lines.push_back({file.lines.size() + 1, std::move(line.value)});
  }
  return file;
}

core::Result<store::JsonlFile> read_incident_file(const fs::path& path) {
  auto file = HC_TRY(store::read_jsonl(path));
  return with_routed_events(std::move(file), path);
}

std::string split_id(std::string_view old_id, std::string_view origin, int length) {
  static constexpr std::string_view k_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::uint64_t h = 14695981039346656037ull;  // FNV-1a, then a final mix so every bit counts
  for (unsigned char c : origin) h = (h ^ c) * 1099511628211ull;
  std::string day = old_id.size() >= 12 ? std::string(old_id.substr(4, 8)) : std::string("00000000");
  std::string out = fmt::format("INC-{}-", day);
  for (int i = 0; i < length; ++i) {
    if (i % 12 == 0) {
      h ^= h >> 33;
      h *= 0xff51afd7ed558ccdull;
      h ^= h >> 33;
    }
    out += k_alphabet[h & 31];
    h >>= 5;
  }
  return out;
}

}  // namespace hypercare::incident
