// User-Agent strings assembled from the real layout of each browser's header:
// - Chrome and Edge send the reduced UA (Chrome/<major>.0.0.0, frozen platform tokens such as
//   "Intel Mac OS X 10_15_7" and "Android 10; K"); Edge appends "Edg/<major>.0.<build>.<patch>".
// - Firefox sends "rv:<major>.0" in the platform and a fixed Gecko/20100101 on desktop.
// - Safari sends Version/<major.minor> with WebKit 605.1.15; on iOS the OS version matches the
//   Safari version.
// Version ranges cover recent releases; shares roughly follow desktop and mobile browser usage.
#include "gen/providers/internet_user_agent.h"

#include <array>
#include <string_view>

#include "gen/providers/provider_util.h"

namespace tdm::gen {
namespace {

constexpr int kChromeMajorFirst = 118;
constexpr int kChromeMajorLast = 131;
constexpr int kFirefoxMajorFirst = 115;
constexpr int kFirefoxMajorLast = 133;

constexpr std::array<std::string_view, 4> kChromePlatforms = {
    "Windows NT 10.0; Win64; x64",
    "Macintosh; Intel Mac OS X 10_15_7",
    "X11; Linux x86_64",
    "X11; CrOS x86_64 14541.0.0",
};

constexpr std::array<std::string_view, 4> kFirefoxPlatforms = {
    "Windows NT 10.0; Win64; x64",
    "Macintosh; Intel Mac OS X 10.15",
    "X11; Linux x86_64",
    "X11; Ubuntu; Linux x86_64",
};

// Safari releases as {major, last minor}.
struct SafariLine {
  int major;
  int last_minor;
};
constexpr std::array<SafariLine, 3> kSafariLines = {{{16, 6}, {17, 6}, {18, 2}}};

void AppendChromeTail(int major, bool mobile, std::string& a) {
  a.append(") AppleWebKit/537.36 (KHTML, like Gecko) Chrome/");
  AppendInt(major, a);
  a.append(mobile ? ".0.0.0 Mobile Safari/537.36" : ".0.0.0 Safari/537.36");
}

void AppendChrome(RowRng& rng, std::string& a) {
  int major = static_cast<int>(rng.Between(kChromeMajorFirst, kChromeMajorLast));
  // Per 20: 8 Android phones, 8 Windows, 2 macOS, 1 Linux, 1 ChromeOS.
  uint64_t platform = rng.Below(20);
  a.append("Mozilla/5.0 (");
  if (platform < 8) {
    a.append("Linux; Android 10; K");
    AppendChromeTail(major, true, a);
    return;
  }
  a.append(kChromePlatforms[platform < 16 ? 0 : platform < 18 ? 1 : platform - 16]);
  AppendChromeTail(major, false, a);
}

void AppendEdge(RowRng& rng, std::string& a) {
  int major = static_cast<int>(rng.Between(kChromeMajorFirst, kChromeMajorLast));
  a.append("Mozilla/5.0 (").append(kChromePlatforms[rng.Chance(9, 10) ? 0 : 1]);
  AppendChromeTail(major, false, a);
  a.append(" Edg/");
  AppendInt(major, a);
  a.append(".0.");
  AppendInt(rng.Between(2000, 2900), a);
  a.push_back('.');
  AppendInt(rng.Between(1, 150), a);
}

void AppendFirefox(RowRng& rng, std::string& a) {
  int major = static_cast<int>(rng.Between(kFirefoxMajorFirst, kFirefoxMajorLast));
  uint64_t platform = rng.Below(kFirefoxPlatforms.size() + 1);
  a.append("Mozilla/5.0 (");
  if (platform == kFirefoxPlatforms.size()) {
    a.append("Android 14; Mobile; rv:");
    AppendInt(major, a);
    a.append(".0) Gecko/");
    AppendInt(major, a);
    a.append(".0 Firefox/");
  } else {
    a.append(kFirefoxPlatforms[platform]).append("; rv:");
    AppendInt(major, a);
    a.append(".0) Gecko/20100101 Firefox/");
  }
  AppendInt(major, a);
  a.append(".0");
}

void AppendSafari(RowRng& rng, std::string& a) {
  const SafariLine& line = kSafariLines[rng.Below(kSafariLines.size())];
  int minor = static_cast<int>(rng.Between(0, line.last_minor));
  uint64_t device = rng.Below(3);
  a.append("Mozilla/5.0 (");
  if (device == 0) {
    a.append("Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) ");
    a.append("Version/");
    AppendInt(line.major, a);
    a.push_back('.');
    AppendInt(minor, a);
    a.append(" Safari/605.1.15");
    return;
  }
  a.append(device == 1 ? "iPhone; CPU iPhone OS " : "iPad; CPU OS ");
  AppendInt(line.major, a);
  a.push_back('_');
  AppendInt(minor, a);
  a.append(" like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/");
  AppendInt(line.major, a);
  a.push_back('.');
  AppendInt(minor, a);
  a.append(" Mobile/15E148 Safari/604.1");
}

}  // namespace

void AppendUserAgent(RowRng& rng, std::string& out) {
  uint64_t browser = rng.Below(100);
  if (browser < 60) {
    AppendChrome(rng, out);
  } else if (browser < 80) {
    AppendSafari(rng, out);
  } else if (browser < 90) {
    AppendEdge(rng, out);
  } else {
    AppendFirefox(rng, out);
  }
}

}  // namespace tdm::gen
