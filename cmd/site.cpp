// `hypercare site -o DIR`: the ops dir as a static site — the team's dashboard, or with --public a
// status page for stakeholders — for CI to publish on every push and every few minutes.
#include "hypercare/core/memory.hpp"
#include "hypercare/site/site.hpp"

#include <fmt/format.h>

#include "commands.hpp"
#include "hypercare/site/publish.hpp"

namespace hypercare::cli {

namespace {

struct SiteOptions {
  std::string output, base_url, as_of;
  bool public_site = false;
};

core::Result<std::string> base_url_of(const std::string& text) {
  if (text.empty()) return text;
  if (!text.starts_with("https://") && !text.starts_with("http://"))
    return core::fail(
        core::ErrorKind::usage, fmt::format("--base-url {}: not an http(s) URL", text),
        "the URL the site is published at, e.g. --base-url https://ops.example.com/hypercare/");
  if (text.find_first_of(" \t\r\n\"<>") != std::string::npos)
    return core::fail(
        core::ErrorKind::usage,
        fmt::format("--base-url {}: a URL holds no spaces, quotes or angle brackets", text));
  return text.ends_with('/') ? text : text + "/";
}

core::Status run_site(Invocation& inv, const SiteOptions& so) {
  if (so.output.empty() || so.output == "-")
    return core::fail(core::ErrorKind::usage, "-o DIR: the directory to write the site into",
                      "hypercare site -o public");
  core::use_huge_pages();  // every page of the record: a large heap (core/memory.hpp)
  site::Options o;
  o.ops = HC_TRY(inv.ops_dir());
  o.cfg = HC_TRY(inv.config());
  o.zone = HC_TRY(inv.zone());
  o.base_url = HC_TRY(base_url_of(so.base_url));
  o.public_site = so.public_site;
  o.use_cache = inv.use_cache();
  o.warn = [&inv](const std::string& m) { inv.warn(m); };
  o.as_of = inv.now();
  if (!so.as_of.empty() && so.as_of != "now") {
    auto t = core::parse_user_time(so.as_of, o.cfg->zone);
    if (!t)
      return core::fail(core::ErrorKind::usage,
                        fmt::format("--as-of {}: {}", so.as_of, t.error().message),
                        "--as-of now, --as-of '2026-11-24 00:00' (team zone) or an RFC 3339 time");
    o.as_of = *t;
  }
  if (!o.public_site) o.schedule = inv.schedule_or_warn();
  std::filesystem::path dir = so.output;
  if (dir.is_relative()) dir = inv.ctx().cwd / dir;
  dir = dir.lexically_normal();  // "-o ." names the directory itself
  if (dir.filename().empty() && dir.has_parent_path() && dir != dir.root_path()) dir = dir.parent_path();
  auto with_flag = [&](const core::Error& e) {
    return core::fail(e.kind, fmt::format("-o {}: {}", so.output, e.message), e.hint);
  };
  auto publisher = site::Publisher::open(dir);
  if (!publisher) return with_flag(publisher.error());
  o.previous = &(*publisher)->previous();
  HC_CHECK(site::build(o, **publisher));
  auto p = (*publisher)->finish();
  if (!p) return with_flag(p.error());
  if (inv.json()) {
    inv.print_json({{"dir", dir.string()},
                    {"as_of", core::format_rfc3339(o.as_of)},
                    {"public", o.public_site},
                    {"files", p->files},
                    {"written", p->written},
                    {"unchanged", p->unchanged},
                    {"removed", p->removed}});
    return {};
  }
  if (!inv.globals().quiet)
    inv.out() << fmt::format(
        "{} {} site: {} files in {} ({} written, {} unchanged, {} removed), as of {}\n",
        inv.style().green("✓"), o.public_site ? "public" : "team", p->files, so.output, p->written,
        p->unchanged, p->removed, core::format_local(o.as_of, o.zone));
  return {};
}

}  // namespace

void add_site(CLI::App& root, Invocation& inv, Action& action) {
  auto o = std::make_shared<SiteOptions>();
  auto* sub = root.add_subcommand(
      "site", "a static status page and team dashboard (HTML, no scripts) for CI to publish");
  sub->footer(k_exit_status_footer);
  sub->add_option("-o,--output", o->output,
                  "the directory to write the site into (rewrites only what changed)")
      ->required()
      ->type_name("DIR");
  sub->add_flag("--public", o->public_site,
                "a status page for stakeholders: services and incidents by component, no names");
  sub->add_option("--base-url", o->base_url,
                  "the URL the site is published at, for subscribable calendar feeds")
      ->type_name("URL");
  sub->add_option(
      "--as-of", o->as_of,
      "the record as it stood then: now (the default), '2026-11-27 22:00' (team zone) or RFC 3339")
      ->type_name("TIME");
  sub->callback([&inv, &action, o] { action = [&inv, o] { return run_site(inv, *o); }; });
}

}  // namespace hypercare::cli
