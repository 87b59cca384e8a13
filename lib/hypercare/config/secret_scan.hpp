// Telling secrets apart from the names of secrets, in files that git tracks: webhook URLs,
// credentials in URLs, bearer tokens, cloud keys, and keys that hold a password or a token.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hypercare::config {

// Why `value`, found under `key`, looks like a secret; nullopt when it does not. Keys that name
// where a secret is kept (`url_env`, `token_secret`…) are not secrets themselves.
std::optional<std::string> secret_reason(std::string_view key, std::string_view value);

}  // namespace hypercare::config
