// Appends one hotfix's events as they happen. The ops lock is held only around each append (a
// deploy runs for minutes and other commands must not wait for it); the file is committed to git
// when the hotfix starts and when it ends.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "hypercare/core/context.hpp"
#include "hypercare/hotfix/model.hpp"
#include "hypercare/store/jsonl.hpp"
#include "hypercare/store/write_session.hpp"

namespace hypercare::hotfix {

class Recorder {
 public:
  struct Start {
    std::string tag, component;
    std::optional<std::string> incident;
    std::string host;
    long long pid = 0;
  };
  // A new hotfixes/YYYY-MM/HF-YYYYMMDD-XXXX.jsonl (O_EXCL; another id on a collision) holding the
  // `created` event, committed with the message `commit_message(id)` makes.
  static core::Result<Recorder> create(store::WriteOptions write, core::Clock clock, core::Random random,
                                       const Start& start,
                                       const std::function<std::string(const std::string&)>& commit_message);
  // Goes on with an existing log (`hotfix rollback`).
  static Recorder resume(store::WriteOptions write, core::Clock clock, core::Random random, std::string id,
                         store::JsonlFile file);

  const std::string& id() const { return m_id; }
  const store::WriteOptions& write() const { return m_write; }
  // Appends one event; with a commit message, commits the file right after.
  core::Status append(std::string_view type, nlohmann::json fields, const std::string& commit_message = {});
  core::Result<Hotfix> fold() const;

 private:
  Recorder(store::WriteOptions write, core::Clock clock, core::Random random, std::string id, store::JsonlFile file);

  store::WriteOptions m_write;
  core::Clock m_clock;
  core::Random m_random;
  std::string m_id;
  store::JsonlFile m_file;
};

}  // namespace hypercare::hotfix
