// Key/value settings made from Slack (channel, schedule, pause); they win over the
// environment's defaults, so they must survive restarts.
#include "storage/internal.h"

namespace starcoach::storage {
namespace {

constexpr const char* kGetSetting = "SELECT value FROM settings WHERE key = ?";
constexpr const char* kPutSetting =
    "INSERT INTO settings (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

}  // namespace

std::optional<std::string> Store::setting(const std::string& key) {
  return guarded(mutex_, "setting", [&]() -> std::optional<std::string> {
    Stmt s = impl_->stmt(kGetSetting);
    s->bind(1, key);
    if (!s->executeStep()) return std::nullopt;
    return s->getColumn(0).getString();
  });
}

void Store::set_setting(const std::string& key, const std::string& value) {
  guarded(mutex_, "set_setting", [&] { impl_->exec(kPutSetting, key, value); });
}

}  // namespace starcoach::storage
