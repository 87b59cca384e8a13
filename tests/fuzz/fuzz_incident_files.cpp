// libFuzzer target: incident record files as the commands read them from an ops dir — two files
// of one month (parts cut at NUL), the second possibly split off the first by `doctor --fix` and
// reading the events routed to it; each folded and shown as JSON, the index of them all built and
// read back, the daily and summary reports made of them, and `doctor --fix`'s split of incidents
// created twice with one id.
#include "fuzz_support.hpp"
#include "hypercare/doctor/split.hpp"
#include "hypercare/incident/fold.hpp"
#include "hypercare/incident/index.hpp"
#include "hypercare/incident/json.hpp"
#include "hypercare/incident/record_file.hpp"
#include "hypercare/incident/sla.hpp"
#include "hypercare/report/build.hpp"
#include "hypercare/report/render.hpp"

namespace hc = hypercare;

namespace {

void show(const fuzz::fs::path& ops, const fuzz::fs::path& path) {
  auto file = hc::incident::read_incident_file(path);
  if (!file) return;
  auto inc = hc::incident::fold(*file, path);
  if (!inc) return;
  auto sla = hc::incident::compute_sla(*inc, fuzz::team(), fuzz::now());
  (void)hc::incident::sla_clock(*inc, sla, fuzz::now());
  (void)hc::incident::to_json(*inc, sla, true).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  if (!inc->duplicate_creations) return;
  hc::store::WriteOptions write;
  write.ops_dir = ops;
  write.autocommit = false;
  write.actor = "fuzz";
  auto session = hc::store::WriteSession::begin(write);
  if (session) (void)hc::doctor::split_duplicates(*session, ops, path, *file);
}

void list(const fuzz::fs::path& ops) {
  auto snap = hc::incident::load_snapshot(ops, {.use_cache = true, .open_only = false, .keep = {}}, [](const std::string&) {});
  if (!snap) return;
  for (std::size_t i = 0; i < snap->size(); ++i) (void)snap->decode(i);
}

void render(const hc::render::Document& doc, const nlohmann::json& json) {
  (void)hc::report::render_document(doc, hc::report::Format::markdown);
  (void)hc::report::render_document(doc, hc::report::Format::html);
  (void)json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

void reports(const fuzz::fs::path& ops) {
  hc::report::Sources src;
  src.ops = ops;
  src.cfg = &fuzz::team();
  src.as_of = fuzz::now();
  auto day = hc::core::local_day(fuzz::now(), fuzz::zone());
  if (auto daily = hc::report::build_daily(src, day))
    render(hc::report::daily_document(*daily, fuzz::zone()), hc::report::daily_json(*daily));
  auto window = hc::report::make_period(*fuzz::team().start, day, fuzz::zone(), fuzz::now(), "hypercare window");
  if (auto summary = hc::report::build_summary(src, window))
    render(hc::report::summary_document(*summary, fuzz::zone()), hc::report::summary_json(*summary));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto files = fuzz::parts(fuzz::text(data, size), 2);
  auto ops = fuzz::Scratch::fresh();
  auto month = ops / "incidents" / "2026-11";
  auto first = month / "INC-20261127-7K2M.jsonl", second = month / "INC-20261127-Q3ZD.jsonl";
  fuzz::write(first, files[0]);
  if (!files[1].empty()) fuzz::write(second, files[1]);
  list(ops);  // builds the index
  list(ops);  // reads it back
  reports(ops);
  show(ops, second);
  show(ops, first);
  return 0;
}
