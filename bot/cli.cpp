#include "bot/cli.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>

#include "scoring/questions.h"
#include "scoring/score.h"

namespace starcoach::bot {
namespace {

constexpr size_t kMaxAnswerBytes = 1024 * 1024;

int usage_error(const std::string& message) {
  std::cerr << "starcoach: " << message << "\n";
  return 2;
}

// Reads at most limit + 1 bytes, so an oversized input is noticed without reading it all.
std::optional<std::string> read_limited(std::istream& in, size_t limit) {
  std::string data;
  char buf[65536];
  while (in && data.size() <= limit) {
    in.read(buf, sizeof buf);
    data.append(buf, static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return std::nullopt;
  return data;
}

bool blank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n\v\f") == std::string::npos;
}

}  // namespace

int run_score(const std::vector<std::string>& args) {
  std::string question_id, file;
  bool json = false, have_file = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--json") {
      json = true;
    } else if (a == "--question" || a.rfind("--question=", 0) == 0) {
      if (a == "--question") {
        if (i + 1 >= args.size()) return usage_error("score: --question needs an id (see `starcoach questions`)");
        question_id = args[++i];
      } else {
        question_id = a.substr(11);
      }
    } else if (a.size() > 1 && a[0] == '-' ) {
      return usage_error("score: unknown option " + a + " (usage: starcoach score [--question ID] [--json] [FILE])");
    } else if (have_file) {
      return usage_error("score: only one FILE at a time (usage: starcoach score [--question ID] [--json] [FILE])");
    } else {
      file = a;
      have_file = true;
    }
  }
  const scoring::Question* question = nullptr;
  if (!question_id.empty()) {
    question = scoring::find_question(question_id);
    if (!question) return usage_error("score: unknown question id '" + question_id + "'; `starcoach questions` lists them");
  }
  std::optional<std::string> text;
  if (!have_file || file == "-") {
    text = read_limited(std::cin, kMaxAnswerBytes);
    if (!text) return usage_error("score: cannot read standard input");
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) return usage_error("score: cannot read " + file + " (missing or unreadable)");
    text = read_limited(in, kMaxAnswerBytes);
    if (!text) return usage_error("score: cannot read " + file);
  }
  if (text->size() > kMaxAnswerBytes) return usage_error("score: the answer is over 1 MiB; a spoken answer is about 2 KiB");
  if (blank(*text)) return usage_error("score: the answer is empty; pass a FILE or pipe the text on standard input");

  const auto result = scoring::score_answer(*text, question);
  if (json) {
    std::cout << scoring::to_ordered_json(result).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cout << scoring::render_text_report(result, isatty(STDOUT_FILENO) != 0);
  }
  return 0;
}

int run_questions(const std::vector<std::string>& args) {
  bool json = false;
  for (const auto& a : args) {
    if (a == "--json") json = true;
    else return usage_error("questions: unknown argument " + a + " (usage: starcoach questions [--json])");
  }
  const auto& bank = scoring::question_bank();
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& q : bank)
      out.push_back({{"id", q.id}, {"title", q.title}, {"text", q.text},
                     {"listening_for", q.listening_for}});
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (const auto& q : bank) {
    std::cout << q.id << "\n  " << q.text << "\n  listening for: ";
    for (size_t i = 0; i < q.listening_for.size(); ++i)
      std::cout << (i ? "; " : "") << q.listening_for[i];
    std::cout << "\n\n";
  }
  std::cout << bank.size() << " questions.\n";
  return 0;
}

}  // namespace starcoach::bot
