// An incident's events as read from disk. Two clones that drew one id offline leave two
// `created` events in one file; `doctor --fix` gives the second incident a file of its own
// (split.cpp) but never removes a line from the old one, so events that a clone which had not
// seen the split still appends there are routed here: an incident split off another file also
// reads that file's events that name it as their origin.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "hypercare/store/jsonl.hpp"

namespace hypercare::incident {

// Reads `path` and the events routed to it (a missing or unreadable source adds nothing: its own
// reads report it).
core::Result<store::JsonlFile> read_incident_file(const std::filesystem::path& path);
// The same for a file already parsed; `routed` is set when the incident was split off another file.
store::JsonlFile with_routed_events(store::JsonlFile file, const std::filesystem::path& path, bool* routed = nullptr);

// The id `doctor --fix` gives the incident whose `created` event is `origin` when it is split off
// `old_id`: the same day (and so the same directory), and a tail derived from the event id, so
// that two clones splitting independently agree. `length` grows only on a collision.
std::string split_id(std::string_view old_id, std::string_view origin, int length = 4);

}  // namespace hypercare::incident
