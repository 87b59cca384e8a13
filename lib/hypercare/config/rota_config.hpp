// rota.toml: members, the lead, daily slots (wall-clock times in the rota zone), the rotation
// start and pattern, explicit assignments, and the minimum rest between one person's shifts.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "hypercare/config/hypercare_config.hpp"

namespace hypercare::config {

struct Person {
  std::string id, name, email, slack, phone;
  std::string ntfy;     // an ntfy topic URL: pages pushed to a phone
  std::string webhook;  // a key in the secrets store holding a per-person webhook URL (an SMS gateway)
  const std::string& display() const { return name.empty() ? id : name; }
};

struct Slot {
  std::string name;
  int start = 0;  // minutes after local midnight
  int end = 0;    // an end not after the start means the next day
  bool overnight() const { return end <= start; }
};

struct Assignment {
  std::chrono::sys_days date;
  std::size_t slot = 0;
  std::size_t member = 0;
};

struct RotaConfig {
  std::filesystem::path file;
  std::string timezone;
  core::Zone zone = nullptr;
  std::chrono::sys_days start{};
  core::Seconds min_rest = std::chrono::hours(8);
  std::optional<Person> lead;
  std::vector<Person> members;
  std::vector<Slot> slots;
  std::vector<Assignment> assignments;

  // A member or the lead, by id (case-insensitive) or name.
  const Person* person(std::string_view who) const;
  std::optional<std::size_t> member_index(std::string_view who) const;
  std::optional<std::size_t> slot_index(std::string_view name) const;
};

inline constexpr const char* k_rota_file = "rota.toml";

// nullopt when the ops dir has no rota.toml.
core::Result<std::optional<RotaConfig>> load_rota_config(const std::filesystem::path& ops_dir,
                                                         const HypercareConfig& team);
core::Result<RotaConfig> parse_rota_config(const TomlFile& file, const HypercareConfig& team);
class Schema;
const Schema& rota_schema();  // the keys rota.toml may hold

std::string format_clock(int minutes);  // "06:00"

}  // namespace hypercare::config
