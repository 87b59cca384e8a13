// Who is acting, and who a name given on the command line is (DESIGN.md §6). Events record the
// actor; the rota knows people by member id, so the actor is worked out to be one where it can:
// --as, else HYPERCARE_USER, else the rota member whose email is git's user.email, else the one
// whose name is git's user.name, else $USER.
#pragma once

#include <string>
#include <string_view>

#include "hypercare/config/rota_config.hpp"
#include "hypercare/core/error.hpp"

namespace hypercare::identity {

struct Inputs {
  std::string as;              // --as
  std::string hypercare_user;  // $HYPERCARE_USER
  std::string git_email;       // git config user.email
  std::string git_name;        // git config user.name
  std::string unix_user;       // $USER
};

struct Actor {
  std::string id;      // recorded in events
  std::string source;  // "--as", "HYPERCARE_USER", "git user.email", "git user.name", "$USER", "default"
  std::string why;     // one line for people: how `source` led to `id`
  const config::Person* person = nullptr;  // the member or lead, when the actor is one
};

// Resolves the actor; names are not checked here (see check_person).
Actor resolve(const Inputs& in, const config::RotaConfig* rota);

// An actor name as stored: one line of printable characters, at most 64 bytes
// (ErrorKind::usage naming `flag` otherwise). Commit messages and events carry it.
core::Status check_text(std::string_view name, std::string_view flag);

// The rota id of the member or lead `name` names (by id, case-insensitive, or by name). A name
// the rota does not know is ErrorKind::usage with "did you mean", unless `external` (a vendor
// engineer): then it is kept as given. Without a rota every well-formed name is accepted.
core::Result<std::string> check_person(std::string_view name, const config::RotaConfig* rota, bool external,
                                       std::string_view flag);

}  // namespace hypercare::identity
