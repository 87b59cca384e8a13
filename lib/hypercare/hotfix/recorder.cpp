#include "hypercare/hotfix/recorder.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "hypercare/hotfix/fold.hpp"
#include "hypercare/hotfix/repository.hpp"
#include "hypercare/store/causal.hpp"

namespace hypercare::hotfix {

using nlohmann::json;

Recorder::Recorder(store::WriteOptions write, core::Clock clock, core::Random random, std::string id,
                   store::JsonlFile file)
    : m_write(std::move(write)), m_clock(std::move(clock)), m_random(std::move(random)), m_id(std::move(id)),
      m_file(std::move(file)) {}

core::Result<Recorder> Recorder::create(store::WriteOptions write, core::Clock clock, core::Random random,
                                        const Start& start,
                                        const std::function<std::string(const std::string&)>& commit_message) {
  auto at = clock();
  auto session = HC_TRY(store::WriteSession::begin(write));
  for (int attempt = 0; attempt < 64; ++attempt) {
    std::string id = core::new_record_id("HF", at, random);
    json e = {{"v", 1},
              {"actor", write.actor},
              {"type", event::created},
              {"hotfix", id},
              {"tag", start.tag},
              {"component", start.component},
              {"incident", start.incident ? json(*start.incident) : json(nullptr)},
              {"host", start.host},
              {"pid", start.pid}};
    store::stamp_event(e, store::next_stamp({}, at), random);
    auto appended = session.append(Repository::relative_path(id), HC_TRY(store::record_line(e, Repository::relative_path(id))), true);
    if (!appended && appended.error().kind == core::ErrorKind::cant_create &&
        appended.error().message.ends_with("already exists"))
      continue;  // the random tail collided with an existing hotfix: draw again
    if (!appended) return std::unexpected(appended.error());
    session.finish(commit_message(id));
    store::JsonlFile file;
    file.lines.push_back({1, std::move(e)});
    return Recorder(std::move(write), std::move(clock), std::move(random), id, std::move(file));
  }
  return core::fail(core::ErrorKind::cant_create, "could not find a free hotfix id for today");
}

Recorder Recorder::resume(store::WriteOptions write, core::Clock clock, core::Random random, std::string id,
                          store::JsonlFile file) {
  file.torn_tail = false;  // the next append cuts it off
  return Recorder(std::move(write), std::move(clock), std::move(random), std::move(id), std::move(file));
}

core::Status Recorder::append(std::string_view type, json fields, const std::string& commit_message) {
  json e = {{"v", 1}, {"actor", m_write.actor}, {"type", type}};
  store::stamp_event(e, store::next_stamp(m_file, m_clock()), m_random);
  for (auto& [k, v] : fields.items()) e[k] = std::move(v);
  auto write = m_write;
  write.autocommit = m_write.autocommit && !commit_message.empty();
  auto session = HC_TRY(store::WriteSession::begin(write));
  HC_CHECK(session.append(Repository::relative_path(m_id), HC_TRY(store::record_line(e, Repository::relative_path(m_id))), false));
  session.finish(commit_message);
  m_file.lines.push_back({m_file.lines.size() + 1, std::move(e)});
  return {};
}

core::Result<Hotfix> Recorder::fold() const { return hotfix::fold(m_file, Repository::relative_path(m_id)); }

}  // namespace hypercare::hotfix
