#include "ack_link.hpp"

#include <charconv>

#include <fmt/format.h>

#include "hypercare/incident/service.hpp"
#include "hypercare/notify/ack_link.hpp"
#include "hypercare/notify/secrets.hpp"
#include "hypercare/render/document.hpp"
#include "hypercare/store/lock.hpp"
#include "notify_hook.hpp"

namespace hypercare::cli {

namespace {

using render::html_escape;

listen::Answer page(int status, const std::string& title, const std::string& body) {
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"robots\" content=\"noindex\"><title>{} · hypercare</title>"
      "<style>body{{font-family:system-ui,sans-serif;max-width:36em;margin:1.5em auto;padding:0 1em;line-height:1.45}}"
      "button{{font-size:1.2em;padding:.6em 1.4em}}dt{{font-weight:bold}}</style></head>\n"
      "<body><h1>{}</h1>\n{}\n</body></html>\n",
      html_escape(title), html_escape(title), body);
  return {status, std::move(html), -1, "text/html; charset=utf-8"};
}

std::string facts(const incident::Incident& inc, const config::HypercareConfig& cfg) {
  return fmt::format("<dl><dt>Incident</dt><dd>{}</dd><dt>Title</dt><dd>{}</dd><dt>Priority</dt><dd>{} {}</dd>"
                     "<dt>Status</dt><dd>{}</dd><dt>Assignee</dt><dd>{}</dd></dl>",
                     html_escape(inc.id), html_escape(inc.title), config::priority_name(inc.priority),
                     html_escape(cfg.level(inc.priority).label), incident::state_name(inc.status),
                     html_escape(inc.assignee.empty() ? "nobody" : inc.assignee));
}

}  // namespace

listen::Answer answer_ack_link(Invocation& inv, const std::string& method, const std::string& id,
                               const std::map<std::string, std::string>& query) {
  auto refused = [](int status, const std::string& why) { return page(status, "This link does not work", "<p>" + html_escape(why) + "</p>"); };
  auto cfg = inv.config();
  auto ops = inv.ops_dir();
  if (!cfg || !ops) return page(503, "hypercare cannot read its ops dir", "<p>Try again in a minute.</p>");
  if (!(*cfg)->listen.signs_links()) return refused(404, "This hypercare does not serve ack links ([listen] link_key_secret).");
  auto get = [&](const char* k) {
    auto it = query.find(k);
    return it == query.end() ? std::string() : it->second;
  };
  notify::AckLink link{id, get("m"), 0, get("sig")};
  auto exp = get("exp");
  if (std::from_chars(exp.data(), exp.data() + exp.size(), link.expires).ec != std::errc() || link.member.empty() ||
      link.sig.size() != 64)
    return refused(403, "The link is incomplete: open the whole link from the page you received.");
  notify::Secrets secrets(inv.ctx().env);
  auto key = secrets.resolve((*cfg)->listen.link_key);
  if (!key) {
    inv.warn(fmt::format("/ack: {}", key.error().message));
    return page(503, "hypercare cannot check links right now", "<p>The link key cannot be read on the watcher.</p>");
  }
  notify::UsedLinks used(*ops);
  // One POST at a time decides whether a link is still unused.
  auto lock = store::OpsLock::acquire_file(*ops / ".hypercare" / "ack-links.lock", std::chrono::seconds(5), "busy");
  if (!lock) return page(503, "hypercare is busy", "<p>Try again in a moment.</p>");
  auto verdict = notify::check_link(*key, link, inv.now(), used.contains(link.sig));
  if (!verdict) return page(503, "hypercare cannot check links right now", "<p>" + html_escape(verdict.error().message) + "</p>");
  using V = notify::LinkVerdict;
  if (*verdict == V::forged) return refused(403, "The link is not valid: it was changed or not made by this hypercare.");
  if (*verdict == V::expired) return refused(410, "The link has expired. Acknowledge from a shell: hypercare incident ack " + id);
  if (*verdict == V::used) return refused(410, "The link was already used. Each ack link works once.");
  auto repo = inv.incidents(*ops);
  auto loaded = repo.load(id);
  if (!loaded) return refused(404, "No such incident: " + id);
  const auto* inc = &loaded->incident;
  if (method != "POST") {
    std::string action = fmt::format("/ack/{}?m={}&amp;exp={}&amp;sig={}", html_escape(id), html_escape(get("m")), link.expires,
                                     html_escape(link.sig));
    return page(200, "Acknowledge " + id + "?",
                facts(*inc, **cfg) +
                    fmt::format("<p>You are acknowledging as <strong>{}</strong>. Nothing has changed yet.</p>"
                                "<form method=\"post\" action=\"{}\"><button type=\"submit\">Acknowledge</button></form>",
                                html_escape(link.member), action));
  }
  auto write = inv.write_options();
  if (!write) return page(503, "hypercare cannot write now", "<p>" + html_escape(write.error().message) + "</p>");
  write->actor = link.member + " (link)";
  incident::ServiceContext sc{**cfg, repo, *write, inv.now(), inv.ctx().random, inv.schedule_or_warn()};
  auto c = incident::acknowledge(sc, id);
  if (!c) {
    int status = c.error().kind == core::ErrorKind::data ? 409 : 503;
    return page(status, "Not acknowledged", "<p>" + html_escape(c.error().message) + "</p>" + facts(*inc, **cfg));
  }
  if (auto s = used.add(link.sig); !s) inv.warn(fmt::format("/ack: {}", s.error().message));
  if (c->changed) {
    auto e = notify::incident_event("incident.acknowledged", c->incident, **cfg, inv.now(), write->actor);
    send_notifications(inv, {e});
  }
  return page(200, c->changed ? "Acknowledged" : "Already acknowledged",
              fmt::format("<p>{} acknowledged {}: the escalation has stopped.</p>", html_escape(link.member), html_escape(id)) +
                  facts(c->incident, **cfg));
}

}  // namespace hypercare::cli
