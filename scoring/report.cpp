// The terminal report for `starcoach score`: score bar, STAR parts, flags in words, strengths,
// suggestions. ANSI colour only when asked for (the caller knows whether stdout is a terminal).
#include <string>

#include "scoring/score.h"

namespace starcoach::scoring {
namespace {

constexpr int kBarCells = 10;

struct Palette {
  bool on;
  std::string wrap(const char* code, const std::string& s) const {
    return on ? std::string("\x1b[") + code + "m" + s + "\x1b[0m" : s;
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

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

std::string render_text_report(const ScoreResult& r, bool color) {
  const Palette p{color};
  std::string out;
  out += p.band(r.band, bar(r.overall)) + " " + p.bold(std::to_string(r.overall) + "/100") + " " +
         p.band(r.band, r.band) + "\n";
  out += p.dim(std::to_string(r.words) + " words, about " + std::to_string(r.speaking_seconds / 60) +
               " min " + std::to_string(r.speaking_seconds % 60) + " s spoken" +
               (r.question.empty() ? std::string() : " \u00B7 question: " + r.question)) +
         "\n\n";

  out += p.bold("STAR") + "  " + star_part(p, "Situation", r.star.situation) + "   " +
         star_part(p, "Task", r.star.task) + "   " + star_part(p, "Action", r.star.action) + "   " +
         star_part(p, "Result", r.star.result) + "\n\n";

  out += p.bold("Dimensions") + "\n";
  for (const DimensionScore& d : r.dimensions) {
    std::string score = std::to_string(d.score);
    score = std::string(3 - std::min<std::size_t>(3, score.size()), ' ') + score;
    out += "  " + pad(d.id, 14) + score + "  " + p.dim(d.note) + "\n";
  }

  out += "\n" + p.bold("Flags") + "\n";
  if (r.flags.empty()) out += "  " + p.green("none") + "\n";
  for (const std::string& f : r.flags) {
    out += "  " + p.yellow("\u2022 ") + std::string(flag_description(f)) + p.dim(" (" + f + ")") + "\n";
  }

  out += "\n" + p.bold("Strengths") + "\n";
  for (const std::string& s : r.strengths) out += "  " + p.green("+ ") + s + "\n";

  out += "\n" + p.bold("What a panel would ask next") + "\n";
  for (std::size_t i = 0; i < r.suggestions.size(); ++i) {
    out += "  " + std::to_string(i + 1) + ". " + r.suggestions[i] + "\n";
  }
  return out;
}

}  // namespace starcoach::scoring
