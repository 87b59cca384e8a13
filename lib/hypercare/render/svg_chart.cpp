// Bar charts as inline SVG: stacked or grouped bars, a y axis with gridlines, an optional dashed
// target line, a legend. Plain attributes only, so they print as they show.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "hypercare/render/document.hpp"

namespace hypercare::render {

namespace {

constexpr double k_w = 760, k_h = 290, k_left = 64, k_right = 16, k_top = 14, k_bottom = 70;

double nice_ceiling(double v) {
  if (v <= 0) return 1;
  double mag = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (v <= m * mag + 1e-12) return m * mag;
  return 10 * mag;
}

std::string tick_text(double v, const Chart& c, double span) {
  if (c.unit == "%") return span < 5 ? fmt::format("{:.2f}%", v) : fmt::format("{:.0f}%", v);
  double shown = std::round(v * 100) / 100;
  return fmt::format("{:g}{}", shown, c.unit == "h" ? "h" : "");
}

std::string value_text(double v, const Chart& c) {
  if (c.unit == "%") return fmt::format("{:.3f}%", v);
  if (c.unit == "h") return fmt::format("{:.2f} h", v);
  return fmt::format("{:g}", v);
}

}  // namespace

std::string chart_svg(const Chart& c) {
  const double pw = k_w - k_left - k_right, ph = k_h - k_top - k_bottom;
  const std::size_t n = c.labels.size();
  // The range of the axis.
  double lo = 0, hi = 0;
  std::optional<double> smallest;
  for (std::size_t i = 0; i < n; ++i) {
    double stack = 0;
    for (const auto& s : c.series) {
      if (i >= s.values.size() || !s.values[i]) continue;
      double v = *s.values[i];
      stack = c.kind == Chart::Kind::stacked ? stack + v : std::max(stack, v);
      smallest = smallest ? std::min(*smallest, v) : v;
    }
    hi = std::max(hi, stack);
  }
  if (c.target) {
    hi = std::max(hi, *c.target);
    smallest = smallest ? std::min(*smallest, *c.target) : *c.target;
  }
  if (c.zoom && smallest) {
    hi = c.unit == "%" ? 100.0 : hi;
    double span = std::max(hi - *smallest, hi * 0.001);
    lo = std::max(0.0, *smallest - span * 0.5);
    double step = std::pow(10.0, std::floor(std::log10(std::max(hi - lo, 1e-9))) - 1);
    lo = std::floor(lo / step) * step;
  } else {
    hi = nice_ceiling(hi);
  }
  if (hi <= lo) hi = lo + 1;
  auto y_of = [&](double v) { return k_top + ph - (std::clamp(v, lo, hi) - lo) / (hi - lo) * ph; };

  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" role=\"img\" "
      "font-family=\"system-ui, sans-serif\" font-size=\"11\">\n<title>{2}</title>\n",
      k_w, k_h, html_escape(c.title));
  // Gridlines and y ticks.
  for (int t = 0; t <= 4; ++t) {
    double v = lo + (hi - lo) * t / 4.0;
    double y = y_of(v);
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"1\"/>\n",
                       k_left, y, k_left + pw, y, t == 0 ? "#555" : "#dde2ea");
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" fill=\"#444\">{}</text>\n", k_left - 6, y + 4,
                       html_escape(tick_text(v, c, hi - lo)));
  }
  // Bars.
  double slot = n ? pw / double(n) : pw;
  double group = slot * 0.72;
  std::size_t every = std::max<std::size_t>(1, (n + 11) / 12);
  for (std::size_t i = 0; i < n; ++i) {
    double x = k_left + slot * double(i) + (slot - group) / 2;
    double base = lo;
    bool any = false;
    for (std::size_t s = 0; s < c.series.size(); ++s) {
      const auto& ser = c.series[s];
      if (i >= ser.values.size() || !ser.values[i]) continue;
      any = true;
      double v = *ser.values[i];
      double bx = x, bw = group, from = lo, to = v;
      if (c.kind == Chart::Kind::stacked) {
        from = base;
        to = base + v;
        base = to;
      } else {
        bw = group / double(c.series.size());
        bx = x + bw * double(s);
      }
      if (to <= from) continue;
      out += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"><title>{} — {}: {}</title></rect>\n",
          bx, y_of(to), std::max(1.0, bw - 1), std::max(0.5, y_of(from) - y_of(to)), ser.colour, html_escape(c.labels[i]),
          html_escape(ser.name), html_escape(value_text(v, c)));
    }
    if (!any && c.kind != Chart::Kind::stacked)
      out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"#999\" font-size=\"9\">no data</text>\n",
                         x + group / 2, k_top + ph - 4);
    if (i % every == 0)
      out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"#444\">{}</text>\n", x + group / 2,
                         k_top + ph + 15, html_escape(c.labels[i]));
  }
  // Target line.
  if (c.target) {
    double y = y_of(*c.target);
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#b3261e\" stroke-width=\"1.5\" "
        "stroke-dasharray=\"6 4\"/>\n",
        k_left, y, k_left + pw, y);
  }
  // Legend.
  double lx = k_left, ly = k_h - 22;
  for (const auto& s : c.series) {
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"11\" height=\"11\" fill=\"{}\"/>\n", lx, ly - 9, s.colour);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#222\">{}</text>\n", lx + 15, ly, html_escape(s.name));
    lx += 30 + 7.0 * double(s.name.size());
  }
  if (c.target) {
    out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#b3261e\" stroke-width=\"1.5\" "
                       "stroke-dasharray=\"6 4\"/>\n",
                       lx, ly - 4, lx + 22);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#222\">{}</text>\n", lx + 27, ly,
                       html_escape(c.target_label.empty() ? "target " + value_text(*c.target, c) : c.target_label));
  }
  out += "</svg>\n";
  return out;
}

}  // namespace hypercare::render
