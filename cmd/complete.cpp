#include "complete.hpp"

#include <algorithm>
#include <sstream>

#include "hypercare/render/table.hpp"

namespace hypercare::cli {

namespace {

// Where a flag or argument takes its values from. `command` is "" for everywhere, else the command
// and those under it; the rule with the longest matching command wins.
struct Rule {
  std::string_view command;
  std::string_view name;  // a flag's long name without the dashes, or an argument's name
  Values values;
  std::vector<Candidate> fixed = {};
};

const std::vector<Rule>& rules() {
  static const std::vector<Rule> table = {
      {"", "ops", Values::dirs},
      {"", "as", Values::people},
      {"", "tz", Values::zones},
      {"", "output", Values::files},
      {"", "rules", Values::files},
      {"", "file", Values::files},
      {"", "priority", Values::priorities},
      {"", "component", Values::components},
      {"", "for", Values::durations},
      {"", "interval", Values::durations},
      {"", "timeout", Values::durations},
      {"", "member", Values::people},
      {"", "replacing", Values::people},
      {"", "assign", Values::people},
      {"", "assignee", Values::people},
      {"init", "dir", Values::dirs},
      {"init", "example", Values::fixed,
       {{"minimal", "one service, a rota of three"}, {"smart-dairy", "the seed's team, checks, hotfixes and targets"}}},
      {"completion", "shell", Values::fixed, {{"bash", ""}, {"zsh", ""}, {"fish", ""}}},
      {"incident", "id", Values::incidents_open},
      {"incident show", "id", Values::incidents_all},
      {"incident reopen", "id", Values::incidents_resolved},
      {"incident resolve", "duplicate-of", Values::incidents_all},
      {"incident", "tag", Values::incident_tags},
      {"incident assign", "who", Values::people},
      {"incident list", "status", Values::fixed,
       {{"open", "not yet worked on"},
        {"investigating", "looking for the cause"},
        {"identified", "cause known, fix under way"},
        {"monitoring", "fix applied, watching"},
        {"resolved", "closed"}}},
      {"incident status", "status", Values::fixed,
       {{"investigating", "looking for the cause"},
        {"identified", "cause known, fix under way"},
        {"monitoring", "fix applied, watching"}}},
      {"incident ingest", "format", Values::fixed, {{"alertmanager", "webhook payload, version 4"}}},
      {"kickoff confirm", "items", Values::kickoff_items},
      {"rota override", "who", Values::people},
      {"rota cancel", "id", Values::rota_changes},
      {"rota export", "format", Values::fixed, {{"ical", "iCalendar"}, {"json", ""}, {"csv", ""}}},
      {"health-check", "names", Values::checks},
      {"health-check", "check", Values::checks},
      {"health-check", "tag", Values::check_tags},
      {"health-check", "fail-on", Values::fixed, {{"fail", "exit 1 when a check fails"}, {"warn", "also on warnings"}}},
      {"health-check uptime", "by", Values::fixed, {{"service", ""}, {"day", ""}}},
      {"notify test", "channel", Values::channels},
      {"notify drop", "ids", Values::outbox},
      {"heartbeat", "name", Values::heartbeats},
      {"maintenance end", "id", Values::windows},
      {"site", "output", Values::dirs},
      {"report", "format", Values::fixed, {{"md", "Markdown"}, {"json", "every figure"}, {"html", "one file with charts"}}},
      {"feedback add", "score", Values::fixed,
       {{"1", "very unhappy"}, {"2", "unhappy"}, {"3", "neutral"}, {"4", "happy"}, {"5", "very happy"}}},
      {"hotfix", "component", Values::hotfix_components},
      {"hotfix", "incident", Values::incidents_open},
      {"hotfix", "id", Values::hotfixes},
      {"handover", "id", Values::handovers},
      {"handover new", "to", Values::people},
      {"handover new", "from", Values::people},
      {"handover show", "format", Values::fixed, {{"md", "Markdown"}, {"json", ""}}},
      {"handover accept", "confirm", Values::fixed,
       {{"dashboards", ""}, {"tickets", ""}, {"contacts", ""}, {"access", ""}}},
  };
  return table;
}

bool under(std::string_view path, std::string_view command) {
  return command.empty() || path == command ||
         (path.size() > command.size() && path.starts_with(command) && path[command.size()] == ' ');
}

const Rule* rule_for(std::string_view path, std::string_view name) {
  const Rule* best = nullptr;
  for (const auto& r : rules())
    if (r.name == name && under(path, r.command) && (!best || r.command.size() > best->command.size())) best = &r;
  return best;
}

// A flag by its long name, else its short one; an argument by its name.
std::string key_of(const CLI::Option* opt) {
  if (!opt->get_lnames().empty()) return opt->get_lnames().front();
  if (!opt->get_snames().empty()) return opt->get_snames().front();
  return opt->get_name();
}

bool takes_value(const CLI::Option* opt) { return opt->get_type_size() != 0; }

// The flag named `name` ("-p", "--priority") of `app` or of a command above it (their flags
// apply below them: the global ones of the root).
CLI::Option* find_flag(CLI::App* app, const std::string& name) {
  for (; app; app = app->get_parent())
    for (auto* opt : app->get_options())
      if (!opt->get_positional() && opt->check_name(name)) return opt;
  return nullptr;
}

CLI::App* find_subcommand(CLI::App* app, const std::string& word) {
  for (auto* sub : app->get_subcommands({}))
    if (sub->check_name(word)) return sub;
  return nullptr;
}

std::string one_line(std::string text) {
  std::replace_if(text.begin(), text.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
  return render::truncate(text, 72);
}

class Walker {
 public:
  Walker(CLI::App& root, Invocation& inv, Globals& globals) : m_app(&root), m_root(&root), m_inv(inv), m_globals(globals) {}

  Completion run(const std::vector<std::string>& words) {
    if (words.empty()) return {};
    for (std::size_t i = 0; i + 1 < words.size(); ++i) take(words[i]);
    const std::string& cur = words.back();
    if (m_pending) return values(m_pending, cur);
    if (!m_dashdash && cur.starts_with("--") && cur.find('=') != std::string::npos) {
      auto eq = cur.find('=');
      auto* opt = find_flag(m_app, cur.substr(0, eq));
      if (!opt || !takes_value(opt)) return {};
      return values(opt, cur.substr(eq + 1), cur.substr(0, eq + 1));
    }
    if (!m_dashdash && cur.starts_with("-")) return flags(cur);
    Completion c;
    if (m_filled == 0)
      for (const auto* sub : m_app->get_subcommands({}))
        if (!sub->get_group().empty() && sub->get_name().starts_with(cur))
          c.candidates.push_back({sub->get_name(), one_line(sub->get_description())});
    if (auto* pos = positional()) {
      auto more = values(pos, cur);
      c.candidates.insert(c.candidates.end(), more.candidates.begin(), more.candidates.end());
      if (c.candidates.empty()) c.fallback = more.fallback;
    }
    return c;
  }

 private:
  void take(const std::string& word) {
    if (m_pending) {
      apply(m_pending, word);
      m_pending = nullptr;
      return;
    }
    if (!m_dashdash && word == "--") {
      m_dashdash = true;
      return;
    }
    if (!m_dashdash && word.size() > 1 && word[0] == '-') {
      auto eq = word.find('=');
      auto* opt = find_flag(m_app, word.substr(0, eq));
      if (!opt) return;  // unknown, or short flags run together
      m_used.push_back(opt);
      if (!takes_value(opt)) return;
      if (eq == std::string::npos) m_pending = opt;
      else apply(opt, word.substr(eq + 1));
      return;
    }
    if (m_filled == 0 && !m_dashdash)
      if (auto* sub = find_subcommand(m_app, word)) {
        m_app = sub;
        m_path = m_path.empty() ? sub->get_name() : m_path + " " + sub->get_name();
        return;
      }
    ++m_filled;
  }

  // A -C/--ops typed earlier on the line decides which ops dir the values come from.
  void apply(const CLI::Option* opt, const std::string& value) {
    if (opt != m_root->get_option_no_throw("--ops")) return;
    auto home = m_inv.ctx().getenv("HOME");
    m_globals.ops = value.starts_with("~/") && home ? *home + value.substr(1) : value;
  }

  // The argument the next word fills: arguments take their words in order, a list all the rest.
  CLI::Option* positional() const {
    std::size_t filled = m_filled;
    for (auto* opt : m_app->get_options([](const CLI::Option* o) { return o->get_positional(); })) {
      auto room = std::size_t(std::max(opt->get_items_expected_max(), 1));
      if (filled < room) return opt;
      filled -= room;
    }
    return nullptr;
  }

  Completion values(CLI::Option* opt, const std::string& typed, const std::string& prefix = "") {
    const Rule* rule = rule_for(m_path, key_of(opt));
    if (!rule) return {};
    if (rule->values == Values::files) return {{}, Fallback::files};
    if (rule->values == Values::dirs) return {{}, Fallback::dirs};
    // A comma-separated list (--status open,monitoring): complete its last item.
    std::string head = prefix, word = typed;
    std::vector<std::string> given;
    if (opt->get_delimiter() == ',' && typed.find(',') != std::string::npos) {
      auto comma = typed.rfind(',');
      head += typed.substr(0, comma + 1);
      word = typed.substr(comma + 1);
      for (std::istringstream in(typed.substr(0, comma)); std::getline(in, given.emplace_back(), ',');) {}
    }
    auto all = rule->values == Values::fixed ? rule->fixed : values_from_ops(m_inv, rule->values, word);
    Completion c;
    for (auto& v : all) {
      if (!v.value.starts_with(word) || std::find(given.begin(), given.end(), v.value) != given.end()) continue;
      if (v.value == "me" && key_of(opt) == "as") continue;  // --as names someone else
      c.candidates.push_back({head + v.value, one_line(v.description)});
    }
    return c;
  }

  // The flags of the command and the global ones, but those already given (unless repeatable).
  Completion flags(const std::string& cur) {
    Completion c;
    for (CLI::App* app = m_app; app; app = app->get_parent())
      for (const auto* opt : app->get_options()) {
        if (opt->get_positional()) continue;
        if (app != m_app && (key_of(opt) == "help" || key_of(opt) == "version")) continue;
        bool repeatable = opt->get_expected_max() > 1;
        if (!repeatable && std::find(m_used.begin(), m_used.end(), opt) != m_used.end()) continue;
        std::vector<std::string> names;
        for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
        if (!cur.starts_with("--"))
          for (const auto& s : opt->get_snames()) names.push_back("-" + s);
        for (const auto& n : names)
          if (n.starts_with(cur)) c.candidates.push_back({n, one_line(opt->get_description())});
      }
    return c;
  }

  CLI::App* m_app;
  CLI::App* m_root;
  Invocation& m_inv;
  Globals& m_globals;
  std::string m_path;
  std::vector<const CLI::Option*> m_used;
  CLI::Option* m_pending = nullptr;
  bool m_dashdash = false;
  std::size_t m_filled = 0;  // words given to the current command's arguments
};

}  // namespace

Completion complete(CLI::App& root, Invocation& inv, Globals& globals, const std::vector<std::string>& words) {
  return Walker(root, inv, globals).run(words);
}

std::string render_completion(const Completion& completion) {
  std::string out;
  for (const auto& c : completion.candidates) {
    out += c.value;
    if (!c.description.empty()) out += '\t' + c.description;
    out += '\n';
  }
  out += completion.fallback == Fallback::files ? ":files\n" : completion.fallback == Fallback::dirs ? ":dirs\n" : ":none\n";
  return out;
}

}  // namespace hypercare::cli
