// application/x-www-form-urlencoded, decoded strictly: Slack never sends broken escapes, so a
// body with one is a malformed request (400), not something to guess about.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace starcoach::handlers {

using Form = std::map<std::string, std::string>;

// nullopt when a %-escape is invalid or the body has no key=value pair at all.
std::optional<Form> parse_form(std::string_view body);

// Decodes one component ('+' is a space); nullopt on an invalid %-escape.
std::optional<std::string> url_decode(std::string_view text);

}  // namespace starcoach::handlers
