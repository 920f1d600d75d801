#include "sim/compare/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/xml.h"
#include "sim/compare/metrics.h"

namespace imssim::compare {

namespace {

constexpr double kPlotW = 580, kPlotH = 380;
constexpr double kLeft = 90, kTop = 60, kBottom = 90;  // margins; the right one fits the legend
constexpr double kHeight = kTop + kPlotH + kBottom;
constexpr double kCharWidth = 7.5;  // generous average advance of a 13 px sans-serif glyph
// Okabe-Ito colours, distinguishable with the common colour-vision deficiencies.
constexpr const char* kColours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                    "#E69F00", "#56B4E9", "#000000"};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string marker(int shape, double x, double y, const std::string& colour) {
  const std::string fill = " fill=\"" + colour + "\"";
  switch (shape % 4) {
    case 0:
      return "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"4.5\"" + fill + "/>";
    case 1:
      return "<rect x=\"" + num(x - 4) + "\" y=\"" + num(y - 4) + "\" width=\"8\" height=\"8\"" +
             fill + "/>";
    case 2:
      return "<polygon points=\"" + num(x) + "," + num(y - 5.5) + " " + num(x + 5) + "," +
             num(y + 4) + " " + num(x - 5) + "," + num(y + 4) + "\"" + fill + "/>";
    default:
      return "<polygon points=\"" + num(x) + "," + num(y - 5.5) + " " + num(x + 5.5) + "," +
             num(y) + " " + num(x) + "," + num(y + 5.5) + " " + num(x - 5.5) + "," + num(y) + "\"" +
             fill + "/>";
  }
}

std::string text(double x, double y, const std::string& s, const std::string& attrs) {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" " + attrs + ">" + xml_escape(s) +
         "</text>\n";
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!(hi > lo)) {
    double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= pad, hi += pad;
  }
  double rough = (hi - lo) / std::max(1, target - 1);
  double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= rough) {
      step = m * magnitude;
      break;
    }
  std::vector<double> ticks;
  double first = std::floor(lo / step + 1e-9) * step;
  for (int i = 0; i < 100; ++i) {
    double t = first + i * step;  // from the index: no accumulated error
    if (std::abs(t) < step * 1e-9) t = 0;
    ticks.push_back(t);
    if (t >= hi - step * 1e-9) break;
  }
  return ticks;
}

std::string svg_line_chart(const LineChart& c) {
  double xmin = 0, xmax = 1, ymin = 0, ymax = 1;
  if (!c.xs.empty()) {
    xmin = *std::min_element(c.xs.begin(), c.xs.end());
    xmax = *std::max_element(c.xs.begin(), c.xs.end());
  }
  bool any_y = false;
  for (const auto& s : c.series)
    for (const auto& y : s.ys)
      if (y) {
        ymin = any_y ? std::min(ymin, *y) : *y;
        ymax = any_y ? std::max(ymax, *y) : *y;
        any_y = true;
      }
  if (ymin > 0) ymin = 0;  // delays: start the axis at 0 so ratios read true
  auto xt = nice_ticks(xmin, xmax), yt = nice_ticks(ymin, ymax);
  double x0 = xt.front(), x1 = xt.back(), y0 = yt.front(), y1 = yt.back();
  auto px = [&](double x) { return kLeft + (x - x0) / (x1 - x0) * kPlotW; };
  auto py = [&](double y) { return kTop + kPlotH - (y - y0) / (y1 - y0) * kPlotH; };

  std::size_t longest = 0;
  bool gaps = false;
  for (const auto& s : c.series) {
    longest = std::max(longest, s.name.size());
    bool some = std::any_of(s.ys.begin(), s.ys.end(), [](const auto& y) { return bool(y); });
    bool all = std::all_of(s.ys.begin(), s.ys.end(), [](const auto& y) { return bool(y); });
    gaps = gaps || (some && !all);
  }
  const double kWidth = kLeft + kPlotW + 20 + 38 + kCharWidth * double(longest) + 20;

  std::string o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kWidth) + "\" height=\"" +
       num(kHeight) + "\" viewBox=\"0 0 " + num(kWidth) + " " + num(kHeight) +
       "\" font-family=\"sans-serif\" font-size=\"13\">\n";
  o += "<title>" + xml_escape(c.title) + "</title>\n";
  o += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  o += text(kLeft + kPlotW / 2, 30, c.title,
            "text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\"");
  for (double t : xt) {
    o += "<line x1=\"" + num(px(t)) + "\" y1=\"" + num(kTop) + "\" x2=\"" + num(px(t)) +
         "\" y2=\"" + num(kTop + kPlotH + 5) + "\" stroke=\"#dddddd\"/>\n";
    o += text(px(t), kTop + kPlotH + 20, format_number(t, 6), "text-anchor=\"middle\"");
  }
  for (double t : yt) {
    o += "<line x1=\"" + num(kLeft - 5) + "\" y1=\"" + num(py(t)) + "\" x2=\"" +
         num(kLeft + kPlotW) + "\" y2=\"" + num(py(t)) + "\" stroke=\"#dddddd\"/>\n";
    o += text(kLeft - 9, py(t) + 4, format_number(t, 6), "text-anchor=\"end\"");
  }
  o += "<rect x=\"" + num(kLeft) + "\" y=\"" + num(kTop) + "\" width=\"" + num(kPlotW) +
       "\" height=\"" + num(kPlotH) + "\" fill=\"none\" stroke=\"#333333\"/>\n";
  o += text(kLeft + kPlotW / 2, kTop + kPlotH + 48, c.x_label, "text-anchor=\"middle\"");
  o += text(25, kTop + kPlotH / 2, c.y_label,
            "text-anchor=\"middle\" transform=\"rotate(-90 25 " + num(kTop + kPlotH / 2) + ")\"");

  for (std::size_t s = 0; s < c.series.size(); ++s) {
    const auto& series = c.series[s];
    std::string colour = kColours[s % std::size(kColours)];
    std::string points;  // the current unbroken run of present points
    int count = 0;
    auto flush = [&] {
      if (count > 1)  // a lone point is only a marker
        o += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + colour +
             "\" stroke-width=\"2\"/>\n";
      points.clear();
      count = 0;
    };
    for (std::size_t i = 0; i < c.xs.size() && i < series.ys.size(); ++i) {
      if (!series.ys[i]) {
        flush();
        continue;
      }
      points += (points.empty() ? "" : " ") + num(px(c.xs[i])) + "," + num(py(*series.ys[i]));
      ++count;
    }
    flush();
    for (std::size_t i = 0; i < c.xs.size() && i < series.ys.size(); ++i)
      if (series.ys[i]) o += marker(int(s), px(c.xs[i]), py(*series.ys[i]), colour) + "\n";
    double ly = kTop + 10 + 24 * double(s), lx = kLeft + kPlotW + 20;
    o += "<line x1=\"" + num(lx) + "\" y1=\"" + num(ly) + "\" x2=\"" + num(lx + 30) + "\" y2=\"" +
         num(ly) + "\" stroke=\"" + colour + "\" stroke-width=\"2\"/>\n";
    o += marker(int(s), lx + 15, ly, colour) + "\n";
    o += text(lx + 38, ly + 4, series.name, "class=\"legend\"");
  }
  if (gaps)
    o += text(kLeft + kPlotW / 2, kHeight - 8,
              "A missing point: no call was established or the run failed at that value.",
              "text-anchor=\"middle\" font-size=\"11\" fill=\"#555555\"");
  if (!any_y)
    o += text(kLeft + kPlotW / 2, kTop + kPlotH / 2, "no run reported a setup delay",
              "text-anchor=\"middle\" fill=\"#999999\"");
  o += "</svg>\n";
  return o;
}

LineChart sweep_chart(const Report& r) {
  LineChart c;
  c.title = "Call setup delay against " + (r.sweep ? r.sweep->text : std::string("parameter")) +
            " (" + r.scenario + ", seed " + std::to_string(r.seed) + ")";
  c.x_label = r.sweep ? r.sweep->text : "parameter";
  c.y_label = "mean call setup delay, INVITE to 200 OK (ms)";
  for (const auto& p : r.sweep_points) c.xs.push_back(p.value);
  for (std::size_t v = 0; v < r.variants.size(); ++v) {
    Series s{r.variants[v], {}};
    bool all_failed = !r.sweep_points.empty();
    for (const auto& p : r.sweep_points) {
      bool cell = v < p.cells.size();
      s.ys.push_back(cell ? p.cells[v].setup_delay_ms_mean : std::nullopt);
      all_failed = all_failed && cell && p.cells[v].error;
    }
    if (all_failed) s.name += " (every run failed)";
    c.series.push_back(std::move(s));
  }
  return c;
}

}  // namespace imssim::compare
