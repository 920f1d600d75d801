// The sweep chart: well-formed XML (checked by a small independent parser), the labels, the
// legend and the ticks a reader needs, and gaps where a run failed.
#include "sim/compare/svg_chart.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/compare/report_fixture.h"

namespace imssim::compare {
namespace {

struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;
};

// A strict subset of XML 1.0: one root, matched tags, quoted unique attributes, only the five
// predefined entities, no '<' or bare '&' in text. Returns every element in document order,
// or an error message.
class MiniXml {
 public:
  explicit MiniXml(const std::string& s) : s_(s) {}

  std::string parse(std::vector<Element>& out) {
    if (s_.rfind("<?xml", 0) == 0) i_ = s_.find("?>") + 2;
    std::vector<std::size_t> open;  // indices into out
    int roots = 0;
    while (true) {
      std::string text;
      if (auto e = chars_until('<', text); !e.empty()) return e;
      if (!open.empty())
        out[open.back()].text += text;
      else if (text.find_first_not_of(" \r\n\t") != std::string::npos)
        return "text outside the root element";
      if (i_ >= s_.size()) break;
      ++i_;
      if (s_[i_] == '/') {
        ++i_;
        std::string name = word();
        if (open.empty() || out[open.back()].name != name) return "unmatched </" + name + ">";
        open.pop_back();
        if (s_[i_++] != '>') return "bad end tag " + name;
        continue;
      }
      Element e{word(), {}, {}};
      if (e.name.empty()) return "empty tag name at " + std::to_string(i_);
      if (open.empty() && ++roots > 1) return "two root elements";
      while (true) {
        skip_space();
        if (s_.compare(i_, 2, "/>") == 0 || s_[i_] == '>') break;
        std::string attribute = word();
        if (attribute.empty() || s_[i_++] != '=' || s_[i_++] != '"')
          return "bad attribute in <" + e.name + ">";
        std::string value;
        if (auto err = chars_until('"', value); !err.empty()) return err;
        ++i_;
        if (!e.attributes.emplace(attribute, value).second) return "duplicate " + attribute;
      }
      out.push_back(e);
      if (s_[i_] == '>') open.push_back(out.size() - 1);
      i_ += s_[i_] == '>' ? 1 : 2;
    }
    if (!open.empty()) return "unclosed <" + out[open.back()].name + ">";
    return roots == 1 ? "" : "no root element";
  }

 private:
  std::string word() {
    std::size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' ||
                              s_[i_] == ':' || s_[i_] == '_'))
      ++i_;
    return s_.substr(start, i_ - start);
  }
  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  // Reads up to `stop` (or the end), decoding entities; error on an unknown one.
  std::string chars_until(char stop, std::string& out) {
    static const std::map<std::string, char> entities{
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
    while (i_ < s_.size() && s_[i_] != stop) {
      if (s_[i_] == '<') return "'<' in an attribute value";
      if (s_[i_] == '&') {
        auto semi = s_.find(';', i_);
        if (semi == std::string::npos) return "bare '&'";
        auto it = entities.find(s_.substr(i_ + 1, semi - i_ - 1));
        if (it == entities.end()) return "unknown entity at " + std::to_string(i_);
        out += it->second;
        i_ = semi + 1;
      } else {
        out += s_[i_++];
      }
    }
    return "";
  }
  const std::string& s_;
  std::size_t i_ = 0;
};

std::vector<Element> parse_ok(const std::string& svg) {
  std::vector<Element> elements;
  auto error = MiniXml(svg).parse(elements);
  EXPECT_EQ(error, "") << svg;
  return elements;
}

std::vector<std::string> texts(const std::vector<Element>& elements) {
  std::vector<std::string> out;
  for (const auto& e : elements)
    if (e.name == "text") out.push_back(e.text);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(CompareMiniXml, RejectsWhatIsNotWellFormed) {  // the checker itself must be able to fail
  std::vector<Element> e;
  EXPECT_NE(MiniXml("<a><b></a></b>").parse(e), "");
  EXPECT_NE(MiniXml("<a>x & y</a>").parse(e), "");
  EXPECT_NE(MiniXml("<a x=\"1\" x=\"2\"/>").parse(e), "");
  EXPECT_NE(MiniXml("<a>").parse(e), "");
  EXPECT_NE(MiniXml("<a/><b/>").parse(e), "");
  EXPECT_EQ(MiniXml("<a x=\"&lt;\"><b/>t&amp;</a>").parse(e), "");
}

TEST(CompareSvgChart, SweepChartIsReadableOnItsOwn) {
  auto report = testing::sample_report(true);
  auto svg = svg_line_chart(sweep_chart(report));
  auto elements = parse_ok(svg);
  ASSERT_FALSE(elements.empty());
  EXPECT_EQ(elements[0].name, "svg");
  EXPECT_EQ(elements[0].attributes["xmlns"], "http://www.w3.org/2000/svg");
  auto t = texts(elements);
  EXPECT_TRUE(has(t, "network.zones.access.delay_ms")) << "x axis label";
  EXPECT_TRUE(has(t, "mean call setup delay, INVITE to 200 OK (ms)")) << "y axis label";
  EXPECT_TRUE(has(t, "mikey")) << "legend";
  EXPECT_TRUE(has(t, "tls-ticket (every run failed)")) << "legend";
  EXPECT_TRUE(
      has(t, "Call setup delay against network.zones.access.delay_ms (basic-call, seed 7)"));
  for (const char* tick : {"10", "20", "30"}) EXPECT_TRUE(has(t, tick)) << "x tick " << tick;
  // y from 0 to at least the largest value (220 ms), in nice steps.
  EXPECT_TRUE(has(t, "0"));
  EXPECT_TRUE(has(t, "250") || has(t, "220") || has(t, "240")) << svg;
  // One line through the three mikey points; the failed variant has no line and no marker.
  int polylines = 0, markers = 0;
  for (const auto& e : elements) {
    polylines += e.name == "polyline";
    markers += e.name == "circle";
  }
  EXPECT_EQ(polylines, 1);
  EXPECT_EQ(markers, 4);  // three points and the legend sample
}

TEST(CompareSvgChart, GapsAndEscaping) {
  LineChart c{"a <b> & \"c\"", "x", "y", {1, 2, 3, 4}, {{"s&p", {1.0, std::nullopt, 3.0, 4.0}}}};
  auto elements = parse_ok(svg_line_chart(c));
  auto t = texts(elements);
  EXPECT_TRUE(has(t, "a <b> & \"c\""));
  EXPECT_TRUE(has(t, "s&p"));
  int polylines = 0;
  for (const auto& e : elements) polylines += e.name == "polyline";
  EXPECT_EQ(polylines, 1);  // the point before the gap is alone: marker only, no line
  LineChart empty{"t", "x", "y", {}, {}};
  parse_ok(svg_line_chart(empty));
}

TEST(CompareSvgChart, NiceTicks) {
  EXPECT_EQ(nice_ticks(10, 300), (std::vector<double>{0, 50, 100, 150, 200, 250, 300}));
  auto fractions = nice_ticks(0, 1);
  std::vector<double> want{0, 0.2, 0.4, 0.6, 0.8, 1};
  ASSERT_EQ(fractions.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(fractions[i], want[i], 1e-12);
  EXPECT_EQ(nice_ticks(95, 1210), (std::vector<double>{0, 200, 400, 600, 800, 1000, 1200, 1400}));
  auto same = nice_ticks(5, 5);
  EXPECT_LE(same.front(), 5);
  EXPECT_GE(same.back(), 5);
  EXPECT_GE(same.size(), 2u);
}

}  // namespace
}  // namespace imssim::compare
