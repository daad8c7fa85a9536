// The terminal report for `starcoach score`: score bar, STAR parts, flags in words, strengths,
// suggestions. ANSI colour only when asked for (the caller knows whether stdout is a terminal).
#include <algorithm>
#include <string>
#include <string_view>

#include "scoring/score.h"

namespace starcoach::scoring {
namespace {

constexpr int kBarCells = 10;

struct Palette {
  bool on;
  std::string wrap(std::string_view code, const std::string& s) const {
    if (!on) return s;
    std::string out;
    out.reserve(s.size() + code.size() + 8);
    out.append("\x1b[").append(code).append("m").append(s).append("\x1b[0m");
    return out;
  }
  std::string bold(const std::string& s) const { return wrap("1", s); }
  std::string dim(const std::string& s) const { return wrap("2", s); }
  std::string green(const std::string& s) const { return wrap("32", s); }
  std::string yellow(const std::string& s) const { return wrap("33", s); }
  std::string red(const std::string& s) const { return wrap("31", s); }
  std::string band(const std::string& band, const std::string& s) const {
    if (band == "strong") return green(s);
    if (band == "solid") return wrap("36", s);
    if (band == "developing") return yellow(s);
    return red(s);
  }
};

std::string bar(int score) {
  const int filled = (score * kBarCells + 50) / 100;
  std::string out = "[";
  for (int i = 0; i < kBarCells; ++i) out += i < filled ? "\u2588" : "\u2591";
  return out + "]";
}

std::string star_part(const Palette& p, const char* name, double coverage) {
  if (coverage >= 0.75) return p.green(std::string("\u2713 ") + name);
  if (coverage >= 0.5) return p.yellow(std::string("~ ") + name);
  return p.red(std::string("\u2717 ") + name);
}

// Appends pieces in order (avoids long operator+ chains, which GCC 12 misreports).
template <typename... Parts>
void append(std::string& out, const Parts&... parts) {
  (out.append(std::string_view(parts)), ...);
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

std::string render_text_report(const ScoreResult& r, bool color) {
  const Palette p{color};
  std::string out;
  append(out, p.band(r.band, bar(r.overall)), " ", p.bold(std::to_string(r.overall) + "/100"), " ",
         p.band(r.band, r.band), "\n");
  std::string meta = std::to_string(r.words) + " words, about " +
                     std::to_string(r.speaking_seconds / 60) + " min " +
                     std::to_string(r.speaking_seconds % 60) + " s spoken";
  if (!r.question.empty()) append(meta, " \u00B7 question: ", r.question);
  append(out, p.dim(meta), "\n\n");

  append(out, p.bold("STAR"), "  ", star_part(p, "Situation", r.star.situation), "   ",
         star_part(p, "Task", r.star.task), "   ", star_part(p, "Action", r.star.action), "   ",
         star_part(p, "Result", r.star.result), "\n\n");

  append(out, p.bold("Dimensions"), "\n");
  for (const DimensionScore& d : r.dimensions) {
    std::string score = std::to_string(d.score);
    score.insert(0, 3 - std::min<std::size_t>(3, score.size()), ' ');
    append(out, "  ", pad(d.id, 14), score, "  ", p.dim(d.note), "\n");
  }

  append(out, "\n", p.bold("Flags"), "\n");
  if (r.flags.empty()) append(out, "  ", p.green("none"), "\n");
  for (const std::string& f : r.flags) {
    append(out, "  ", p.yellow("\u2022 "), flag_description(f), " ", p.dim("(" + f + ")"), "\n");
  }

  append(out, "\n", p.bold("Strengths"), "\n");
  for (const std::string& s : r.strengths) append(out, "  ", p.green("+ "), s, "\n");

  append(out, "\n", p.bold("What a panel would ask next"), "\n");
  for (std::size_t i = 0; i < r.suggestions.size(); ++i) {
    append(out, "  ", std::to_string(i + 1), ". ", r.suggestions[i], "\n");
  }
  return out;
}

}  // namespace starcoach::scoring
