// Making user text safe to echo into Slack messages.
#pragma once
#include <string>
#include <string_view>

namespace starcoach::handlers {

// Escapes &, < and > as Slack requires, so echoed text can never ping <!channel>, mention a
// user or smuggle a link. Invalid UTF-8 is repaired first.
std::string mrkdwn_escape(std::string_view text);

// At most `max_chars` bytes cut at a UTF-8 boundary, with "…" appended when shortened.
std::string truncate_utf8(std::string_view text, size_t max_chars);

}  // namespace starcoach::handlers
