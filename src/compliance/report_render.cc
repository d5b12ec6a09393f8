// Markdown and HTML views of the compliance report JSON (report.h). Both only present what the
// JSON says; nothing is computed here beyond layout.
#include <fmt/format.h>

#include <algorithm>
#include <sstream>

#include "compliance/report.h"

namespace tdm::compliance {
namespace {

using Json = nlohmann::ordered_json;

std::string Str(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "-";
  return value.dump();
}

std::string Join(const Json& list) {
  std::string out;
  for (const Json& item : list) out += (out.empty() ? "" : ", ") + Str(item);
  return out.empty() ? "-" : out;
}

// Markdown table cells: a pipe or a line break would end the cell.
std::string Cell(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '|') {
      out += "\\|";
    } else if (ch == '\n' || ch == '\r') {
      out += ' ';
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string RenderMarkdown(const Json& r) {
  std::ostringstream md;
  const Json& s = r["summary"];
  md << "# Compliance report\n\nGenerated " << Cell(Str(r["generated_at"]))
     << " for state directory `" << Str(r["state_dir"]) << "`; spec " << Cell(Str(r["spec"]))
     << ", policy " << Cell(Str(r["policy"])) << ".\n\n## Summary\n\n| Item | Value |\n|---|---|\n";
  for (auto it = s.begin(); it != s.end(); ++it) {
    md << "| " << Cell(it.key()) << " | " << Cell(Str(it.value())) << " |\n";
  }
  md << "\n## Classifications\n\n| Dataset | Red | Yellow | Green |\n|---|---|---|---|\n";
  for (const Json& d : r["classifications"]) {
    md << "| " << Cell(Str(d["dataset"])) << " | " << Cell(Join(d["red"])) << " | "
       << Cell(Join(d["yellow"])) << " | " << Cell(Join(d["green"])) << " |\n";
  }
  const Json& m = r["masking"];
  md << "\n## Masking coverage\n\n"
     << Str(m["red_fields_masked"]) << " of " << Str(m["red_fields"]) << " red fields masked ("
     << Str(m["coverage_percent"]) << "%).";
  if (m["gaps"].empty()) {
    md << " No gaps.\n";
  } else {
    md << " Red fields with no masking rule:\n\n";
    for (const Json& g : m["gaps"]) md << "- `" << Str(g) << "`\n";
  }
  md << "\n| Field | Classification | Masked | Strategy | Source |\n|---|---|---|---|---|\n";
  for (const Json& f : m["fields"]) {
    md << "| " << Cell(Str(f["field"])) << " | " << Cell(Str(f["classification"])) << " | "
       << (f["masked"].get<bool>() ? "yes" : "no") << " | "
       << Cell(f.contains("strategy") ? Str(f["strategy"]) : "-") << " | "
       << Cell(f.contains("source") ? Str(f["source"]) : "-") << " |\n";
  }
  md << "\n## Access\n\n| User | Events | Operations | Executions | Last time |\n"
        "|---|---|---|---|---|\n";
  for (const Json& a : r["access"]) {
    std::string ops;
    for (auto it = a["operations"].begin(); it != a["operations"].end(); ++it) {
      ops += (ops.empty() ? "" : ", ") + it.key() + " " + Str(it.value());
    }
    md << "| " << Cell(Str(a["user"])) << " | " << Str(a["events"]) << " | " << Cell(ops) << " | "
       << Cell(Join(a["executions"])) << " | " << Cell(Str(a["last_time"])) << " |\n";
  }
  const Json& ret = r["retention"];
  const Json& log = r["audit_log"];
  md << "\n## Retention\n\nRetention: " << Str(ret["retention_days"]) << " days; "
     << Str(ret["live_executions"]) << " live executions, " << ret["violations"].size()
     << " older than that.\n\n";
  if (!ret["violations"].empty()) {
    md << "| Execution | Environment | Status | Created | Age (days) |\n|---|---|---|---|---|\n";
    for (const Json& v : ret["violations"]) {
      md << "| " << Cell(Str(v["execution_id"])) << " | " << Cell(Str(v["environment"])) << " | "
         << Cell(Str(v["status"])) << " | " << Cell(Str(v["created_at"])) << " | "
         << Str(v["age_days"]) << " |\n";
    }
    md << "\n";
  }
  md << "Audit log: " << (log["present"].get<bool>() ? "present" : "absent") << ", "
     << Str(log["events"]) << " events, oldest " << Cell(Str(log["oldest_event"])) << " ("
     << Str(log["age_days"]) << " days; kept " << Str(log["retention_days"])
     << " days), verified: " << Str(log["verified"]) << ".\n";
  md << "\n## Regulatory settings\n\n| Regulation | Setting | Value | Status | Evidence |\n"
        "|---|---|---|---|---|\n";
  for (const Json& g : r["regulations"]) {
    md << "| " << Cell(Str(g["regulation"])) << " | " << Cell(Str(g["setting"])) << " | "
       << Cell(Str(g["value"])) << " | " << Cell(Str(g["status"])) << " | "
       << Cell(Str(g["evidence"])) << " |\n";
  }
  return md.str();
}

namespace {

std::string H(const Json& value) { return EscapeHtml(Str(value)); }

// A bar per day; heights scale to the busiest day.
std::string ProvisionsChart(const Json& days) {
  const int width = 640, height = 180, base = 150;
  int64_t peak = 1;
  for (const Json& d : days) peak = std::max<int64_t>(peak, d["provisions"].get<int64_t>());
  std::string svg = fmt::format(
      "<svg class=\"chart\" role=\"img\" aria-label=\"Provisions per day\" width=\"{}\" "
      "height=\"{}\" viewBox=\"0 0 {} {}\">",
      width, height, width, height);
  svg += fmt::format("<line x1=\"30\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"axis\"/>", base,
                     width - 10, base);
  size_t n = std::max<size_t>(days.size(), 1);
  double slot = (width - 40.0) / static_cast<double>(n);
  size_t i = 0;
  for (const Json& d : days) {
    int64_t count = d["provisions"].get<int64_t>();
    double h = 120.0 * static_cast<double>(count) / static_cast<double>(peak);
    double x = 30 + slot * static_cast<double>(i) + slot * 0.15;
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" class=\"bar\">"
        "<title>{}: {}</title></rect>",
        x, base - h, slot * 0.7, h, H(d["date"]), count);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" class=\"value\">{}</text>", x + slot * 0.35,
                       base - h - 4, count);
    if (days.size() <= 16 || i % (days.size() / 8 + 1) == 0) {
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"label\">{}</text>", x + slot * 0.35,
                         base + 16, H(Str(d["date"]).substr(5)));
    }
    ++i;
  }
  if (days.empty()) svg += "<text x=\"40\" y=\"80\" class=\"label\">no executions</text>";
  return svg + "</svg>";
}

// A horizontal bar: masked red fields against all red fields.
std::string CoverageChart(const Json& masking) {
  double pct = masking["coverage_percent"].get<double>();
  double w = 4.0 * pct;
  return fmt::format(
      "<svg class=\"chart\" role=\"img\" aria-label=\"Masking coverage\" width=\"460\" "
      "height=\"40\" viewBox=\"0 0 460 40\"><rect x=\"0\" y=\"8\" width=\"400\" height=\"22\" "
      "class=\"track\"/><rect x=\"0\" y=\"8\" width=\"{:.1f}\" height=\"22\" class=\"{}\"/>"
      "<text x=\"410\" y=\"24\" class=\"value\">{:.1f}%</text></svg>",
      w, pct >= 100.0 ? "ok" : "gap", pct);
}

std::string StatusBadge(const Json& status) {
  std::string s = Str(status);
  std::string cls = s == "holds" ? "ok" : s == "fails" ? "bad" : "na";
  return "<span class=\"" + cls + "\">" + EscapeHtml(s) + "</span>";
}

}  // namespace

std::string RenderHtml(const Json& r) {
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
       "<title>tdm compliance report</title><style>"
       "body{font-family:system-ui,sans-serif;margin:2em;color:#1d1d1f;max-width:1100px}"
       "table{border-collapse:collapse;margin:.5em 0 1.5em}"
       "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
       "th{background:#f3f3f3}.ok{color:#17803d;font-weight:600}.bad{color:#b3261e;"
       "font-weight:600}.na{color:#777}.chart .bar{fill:#3b6fd8}.chart .axis{stroke:#555}"
       ".chart .label,.chart .value{font-size:10px;text-anchor:middle;fill:#333}"
       ".chart .track{fill:#eee}.chart rect.ok{fill:#17803d}.chart rect.gap{fill:#b3261e}"
       "code{background:#f3f3f3;padding:0 .2em}</style></head><body>\n";
  h << "<h1>Compliance report</h1><p>Generated " << H(r["generated_at"])
    << " for state directory <code>" << H(r["state_dir"]) << "</code>; spec <code>" << H(r["spec"])
    << "</code>, policy <code>" << H(r["policy"]) << "</code>.</p>\n";
  h << "<h2>Summary</h2><table>";
  for (auto it = r["summary"].begin(); it != r["summary"].end(); ++it) {
    h << "<tr><th>" << EscapeHtml(it.key()) << "</th><td>" << H(it.value()) << "</td></tr>";
  }
  h << "</table>\n<h2>Provisions per day</h2>" << ProvisionsChart(r["provisions_per_day"]);
  const Json& m = r["masking"];
  h << "\n<h2>Masking coverage</h2>" << CoverageChart(m) << "<p>" << H(m["red_fields_masked"])
    << " of " << H(m["red_fields"]) << " red fields masked.</p>";
  if (!m["gaps"].empty()) {
    h << "<p class=\"bad\">Red fields with no masking rule:</p><ul>";
    for (const Json& g : m["gaps"]) h << "<li><code>" << H(g) << "</code></li>";
    h << "</ul>";
  }
  h << "<h2>Classifications</h2><table><tr><th>Dataset</th><th>Red</th><th>Yellow</th>"
       "<th>Green</th></tr>";
  for (const Json& d : r["classifications"]) {
    h << "<tr><td>" << H(d["dataset"]) << "</td><td>" << EscapeHtml(Join(d["red"])) << "</td><td>"
      << EscapeHtml(Join(d["yellow"])) << "</td><td>" << EscapeHtml(Join(d["green"]))
      << "</td></tr>";
  }
  h << "</table><table><tr><th>Field</th><th>Classification</th><th>Masked</th><th>Strategy</th>"
       "<th>Source</th></tr>";
  for (const Json& f : m["fields"]) {
    h << "<tr><td>" << H(f["field"]) << "</td><td>" << H(f["classification"]) << "</td><td>"
      << (f["masked"].get<bool>() ? "yes" : "<span class=\"bad\">no</span>") << "</td><td>"
      << (f.contains("strategy") ? H(f["strategy"]) : "-") << "</td><td>"
      << (f.contains("source") ? H(f["source"]) : "-") << "</td></tr>";
  }
  h << "</table>\n<h2>Access</h2><table><tr><th>User</th><th>Events</th><th>Operations</th>"
       "<th>Executions</th><th>Last time</th></tr>";
  for (const Json& a : r["access"]) {
    std::string ops;
    for (auto it = a["operations"].begin(); it != a["operations"].end(); ++it) {
      ops += (ops.empty() ? "" : ", ") + it.key() + " " + Str(it.value());
    }
    h << "<tr><td>" << H(a["user"]) << "</td><td>" << H(a["events"]) << "</td><td>"
      << EscapeHtml(ops) << "</td><td>" << EscapeHtml(Join(a["executions"])) << "</td><td>"
      << H(a["last_time"]) << "</td></tr>";
  }
  const Json& ret = r["retention"];
  const Json& log = r["audit_log"];
  h << "</table>\n<h2>Retention</h2><p>Retention " << H(ret["retention_days"]) << " days; "
    << H(ret["live_executions"]) << " live executions, " << ret["violations"].size()
    << " older than that.</p>";
  if (!ret["violations"].empty()) {
    h << "<table><tr><th>Execution</th><th>Environment</th><th>Status</th><th>Created</th>"
         "<th>Age (days)</th></tr>";
    for (const Json& v : ret["violations"]) {
      h << "<tr><td>" << H(v["execution_id"]) << "</td><td>" << H(v["environment"]) << "</td><td>"
        << H(v["status"]) << "</td><td>" << H(v["created_at"]) << "</td><td>" << H(v["age_days"])
        << "</td></tr>";
    }
    h << "</table>";
  }
  h << "<p>Audit log: " << (log["present"].get<bool>() ? "present" : "absent") << ", "
    << H(log["events"]) << " events, oldest " << H(log["oldest_event"])
    << ", verified: " << H(log["verified"])
    << ".</p>\n<h2>Regulatory settings</h2><table><tr><th>Regulation</th>"
    << "<th>Setting</th><th>Value</th><th>Status</th><th>Evidence</th></tr>";
  for (const Json& g : r["regulations"]) {
    h << "<tr><td>" << H(g["regulation"]) << "</td><td>" << H(g["setting"]) << "</td><td>"
      << H(g["value"]) << "</td><td>" << StatusBadge(g["status"]) << "</td><td>" << H(g["evidence"])
      << "</td></tr>";
  }
  h << "</table></body></html>\n";
  return h.str();
}

}  // namespace tdm::compliance
