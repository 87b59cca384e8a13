// A fixed shift for the handover tests, on the smart-dairy example (Asia/Kolkata; slots A 06-14,
// B 14-22, C 22-06): on 2026-11-27 dev3 holds B and dev1 takes over at 22:00 IST (16:30Z). The
// records are written as JSONL with fixed ids, so the documents can be compared byte for byte.
#pragma once

#include <regex>

#include "harness.hpp"

namespace hctest {

// 21:45 IST, a quarter of an hour before dev3 hands over to dev1.
inline constexpr const char* k_handover_now = "2026-11-27T16:15:00Z";

class HandoverTest : public CliTest {
 protected:
  Env at(const std::string& now) const { return {{"HYPERCARE_NOW", now}}; }

  std::string event(const std::string& ts, const std::string& actor, const std::string& type, const std::string& fields) {
    ++m_event;
    char id[32];
    std::snprintf(id, sizeof id, "01TEST%020d", m_event);
    return "{\"v\":1,\"id\":\"" + std::string(id) + "\",\"ts\":\"" + ts + "\",\"actor\":\"" + actor + "\",\"type\":\"" + type +
           "\"" + (fields.empty() ? "" : "," + fields) + "}\n";
  }

  void incident(const std::string& id, const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& l : lines) text += l;
    auto path = incident_file(id);
    fs::create_directories(path.parent_path());
    spit(path, text);
  }

  std::string created(const std::string& ts, const std::string& id, const std::string& priority, const std::string& title,
                      const std::string& component, const std::string& assignee) {
    return event(ts, "dev3", "created",
                 "\"incident\":\"" + id + "\",\"title\":\"" + title + "\",\"priority\":\"" + priority + "\",\"component\":\"" +
                     component + "\",\"impact\":\"\",\"description\":\"\",\"assignee\":\"" + assignee + "\",\"tags\":[]");
  }

  std::string result(const std::string& ts, const std::string& run, const std::string& check, const std::string& service,
                     const std::string& status, const std::string& message) {
    return "{\"ts\":\"" + ts + "\",\"run\":\"" + run + "\",\"check\":\"" + check + "\",\"kind\":\"http\",\"service\":\"" +
           service + "\",\"status\":\"" + status + "\",\"latency_ms\":120,\"value\":null,\"message\":\"" + message + "\"}\n";
  }

  void hotfix(const std::string& id, const std::string& component, const std::string& tag, const std::string& started,
              const std::string& finished, const std::string& status, const std::string& message) {
    auto path = ops / "hotfixes" / "2026-11" / (id + ".jsonl");
    fs::create_directories(path.parent_path());
    spit(path, event(started, "dev3", "created",
                     "\"hotfix\":\"" + id + "\",\"tag\":\"" + tag + "\",\"component\":\"" + component +
                         "\",\"incident\":null,\"host\":\"ops1\",\"pid\":4242") +
                   event(started, "dev3", "step",
                         "\"step\":\"deploy\",\"status\":\"ok\",\"exit_code\":0,\"duration_ms\":900,\"output_tail\":\"\"") +
                   event(finished, "dev3", "finished", "\"status\":\"" + status + "\",\"message\":\"" + message + "\""));
  }

  // Incidents, three health runs and two hotfixes around dev3's shift (B, 08:30Z to 16:30Z).
  void scenario() {
    incident("INC-20261127-P1AA",
             {created("2026-11-27T15:00:00Z", "INC-20261127-P1AA", "P1", "Payment gateway returns 502", "payments", "dev3"),
              event("2026-11-27T15:05:00Z", "dev3", "acknowledged", ""),
              event("2026-11-27T15:20:00Z", "hypercare", "escalated", "\"level\":1,\"to\":\"dev1\""),
              event("2026-11-27T15:30:00Z", "dev3", "status", "\"status\":\"identified\",\"message\":\"expired TLS certificate\"")});
    incident("INC-20261127-P2BB",
             {created("2026-11-27T16:00:00Z", "INC-20261127-P2BB", "P2", "Milk collection sync delayed", "api", "dev3")});
    incident("INC-20261126-P3CC",
             {created("2026-11-26T10:00:00Z", "INC-20261126-P3CC", "P3", "Slow farm reports", "odoo", "dev2"),
              event("2026-11-26T10:30:00Z", "dev2", "acknowledged", ""),
              event("2026-11-27T10:00:00Z", "dev3", "resolved", "\"root_cause\":\"missing index\",\"resolution\":\"index added\"")});
    incident("INC-20261125-P4DD",
             {created("2026-11-25T06:00:00Z", "INC-20261125-P4DD", "P4", "Logo misaligned on invoices", "frontend", "dev2"),
              event("2026-11-25T07:00:00Z", "dev2", "acknowledged", "")});
    fs::create_directories(ops / "health");
    spit(ops / "health" / "2026-11-27.jsonl",
         result("2026-11-27T08:00:00Z", "R0", "odoo-web", "odoo", "ok", "200") +
             result("2026-11-27T08:00:00Z", "R0", "api-health", "api", "ok", "200") +
             result("2026-11-27T08:00:00Z", "R0", "celery-queue", "celery-worker", "fail", "queue length 950 is above 500") +
             result("2026-11-27T08:00:00Z", "R0", "frontend-home", "frontend", "ok", "200") +
             result("2026-11-27T12:00:00Z", "R1", "odoo-web", "odoo", "ok", "200") +
             result("2026-11-27T12:00:00Z", "R1", "api-health", "api", "fail", "HTTP 502") +
             result("2026-11-27T12:00:00Z", "R1", "celery-queue", "celery-worker", "ok", "42") +
             result("2026-11-27T12:00:00Z", "R1", "frontend-home", "frontend", "warn", "latency 1800 ms") +
             result("2026-11-27T16:10:00Z", "R2", "odoo-web", "odoo", "ok", "200") +
             result("2026-11-27T16:10:00Z", "R2", "api-health", "api", "fail", "HTTP 502") +
             result("2026-11-27T16:10:00Z", "R2", "celery-queue", "celery-worker", "ok", "40") +
             result("2026-11-27T16:10:00Z", "R2", "frontend-home", "frontend", "warn", "latency 1700 ms"));
    hotfix("HF-20261127-HF01", "odoo", "2.3.1", "2026-11-27T11:00:00Z", "2026-11-27T11:06:00Z", "succeeded", "");
    hotfix("HF-20261127-HF02", "api", "1.4.2", "2026-11-27T13:00:00Z", "2026-11-27T13:12:00Z", "failed",
           "smoke failed and the rollback failed");
  }

  // Runs `handover new` and returns the new id.
  std::string new_handover(const std::vector<std::string>& extra, const std::string& now, const std::string& in = {}) {
    std::vector<std::string> args{"handover", "new", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = hc(args, at(now), in);
    EXPECT_EXIT_CODE(r, 0);
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    if (!j.is_object() || !j.contains("id")) {
      ADD_FAILURE() << r.describe();
      return "HO-MISSING";
    }
    return j["id"].get<std::string>();
  }

  // The document as `handover show` renders it from the record (no derived file is kept in git).
  std::string document_of(const std::string& id) const {
    auto r = hc({"handover", "show", id});
    EXPECT_EQ(r.exit, 0) << r.describe();
    return r.out;
  }
  fs::path markdown_of(const std::string& id) const { return ops / "handovers" / "2026-11" / (id + ".md"); }
  fs::path log_of(const std::string& id) const { return ops / "handovers" / "2026-11" / (id + ".jsonl"); }

  // The document with its random id replaced, for golden comparisons.
  static std::string masked(const std::string& text) {
    return std::regex_replace(text, std::regex("HO-(\\d{8})-[0-9A-Z]{4}"), "HO-$1-XXXX");
  }

 private:
  int m_event = 0;
};

}  // namespace hctest
