// hypercare-listen.so: the HTTP side of `watch --listen` on cpp-httplib (listen_module.hpp).
#include "listen_module.hpp"

#include <memory>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace hypercare::cli::listen {

namespace {

const char* k_json = "application/json";

std::string error_body(std::string_view kind, const std::string& message) {
  return nlohmann::json{{"error", {{"kind", kind}, {"message", message}}}}.dump() + "\n";
}

// Compares in time that depends on the length only, so a wrong token teaches nothing of the right one.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

void reply(httplib::Response& res, const Answer& a) {
  res.status = a.status;
  if (a.retry_after_s >= 0) res.set_header("Retry-After", std::to_string(a.retry_after_s));
  res.set_content(a.body, a.content_type);
}

class HttplibServer final : public Server {
 public:
  HttplibServer(const ServerOptions& o, Routes routes) : m_options(o), m_routes(std::move(routes)) {}
  ~HttplibServer() override { stop(); }

  bool start(std::string* error) {
    auto& s = m_server;
    std::size_t threads = m_options.threads;
    s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    s.set_payload_max_length(m_options.max_body);
    s.set_read_timeout(m_options.read_timeout);
    s.set_write_timeout(m_options.write_timeout);
    s.set_keep_alive_timeout(m_options.keep_alive_s);
    s.set_tcp_nodelay(true);  // an answer is one small write: no waiting on the client's delayed ACK
    s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      // A liveness probe needs no token; everything else does, /metrics too (Prometheus sends it
      // with `authorization` in its scrape config).
      if (!m_options.token.empty() && req.path != "/healthz" && !req.path.starts_with("/ack/")) {
        const std::string auth = req.get_header_value("Authorization");
        constexpr std::string_view bearer = "Bearer ";
        std::string_view given(auth);
        if (!given.starts_with(bearer) || !same_secret(given.substr(bearer.size()), m_options.token)) {
          res.status = 401;
          res.set_header("WWW-Authenticate", "Bearer");
          res.set_content(error_body("permission", "a bearer token is required ([listen] in hypercare.toml)"), k_json);
          return httplib::Server::HandlerResponse::Handled;
        }
      }
      // A POST with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3), but
      // cpp-httplib would wait for one until the read time-out: `curl -X POST URL` from a cron job
      // pinging a heartbeat sends just that. Answered here, before httplib reads.
      if (req.method == "POST" && !req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
        constexpr std::string_view heartbeat = "/heartbeat/";
        std::string_view path(req.path);
        if (path.starts_with(heartbeat) && path.size() > heartbeat.size() &&
            path.find('/', heartbeat.size()) == std::string_view::npos) {
          reply(res, m_routes.heartbeat(std::string(path.substr(heartbeat.size()))));
        } else {
          res.status = 411;
          res.set_content(error_body("usage", "this POST needs a body with a Content-Length"), k_json);
        }
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    s.Post("/alertmanager", [this](const httplib::Request& req, httplib::Response& res) { reply(res, m_routes.alertmanager(req.body)); });
    s.Post(R"(/webhook/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      reply(res, m_routes.webhook(req.matches[1].str(), req.body));
    });
    auto heartbeat = [this](const httplib::Request& req, httplib::Response& res) { reply(res, m_routes.heartbeat(req.matches[1].str())); };
    s.Get(R"(/heartbeat/([^/]+))", heartbeat);
    s.Post(R"(/heartbeat/([^/]+))", heartbeat);
    auto ack = [this](const httplib::Request& req, httplib::Response& res) {
      std::map<std::string, std::string> query;
      for (const auto& [k, v] : req.params) query.emplace(k, v);
      reply(res, m_routes.ack(req.method, req.matches[1].str(), query));
    };
    s.Get(R"(/ack/([^/]+))", ack);
    s.Post(R"(/ack/([^/]+))", ack);
    s.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) { reply(res, m_routes.healthz()); });
    s.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) { reply(res, m_routes.metrics()); });
    s.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      std::string message = res.status == 404   ? "no such endpoint: " + req.method + " " + req.path
                            : res.status == 413 ? "the body is over " + std::to_string(m_options.max_body) + " bytes"
                                                : "HTTP " + std::to_string(res.status);
      res.set_content(error_body(res.status == 413 ? "data" : "usage", message), k_json);
    });
    m_port = m_options.port;
    bool bound = m_port == 0 ? (m_port = s.bind_to_any_port(m_options.host)) > 0 : s.bind_to_port(m_options.host, m_port);
    if (!bound) {
      *error = "cannot listen there (in use, or not an address of this machine)";
      return false;
    }
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    return true;
  }

  int port() const override { return m_port; }

  void stop() override {
    if (!m_thread.joinable()) return;
    m_server.stop();  // closes the listening socket; the pool answers what it holds, then ends
    m_thread.join();
  }

 private:
  ServerOptions m_options;
  Routes m_routes;
  httplib::Server m_server;
  std::thread m_thread;
  int m_port = 0;
};

}  // namespace

}  // namespace hypercare::cli::listen

extern "C" __attribute__((visibility("default"))) hypercare::cli::listen::Server* hypercare_listen_start_v5(
    const hypercare::cli::listen::ServerOptions& options, const hypercare::cli::listen::Routes& routes, std::string* error) {
  auto server = std::make_unique<hypercare::cli::listen::HttplibServer>(options, routes);
  try {
    if (!server->start(error)) return nullptr;
  } catch (const std::exception& e) {
    *error = e.what();
    return nullptr;
  }
  return server.release();
}

static_assert(std::is_same_v<decltype(&hypercare_listen_start_v5), hypercare::cli::listen::StartFn>);
