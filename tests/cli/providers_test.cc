// providers: every registered provider is listed with its options and real sample values; bad
// locales and categories are clear errors.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "cli_runner.h"
#include "gen/provider_registry.h"

namespace tdm::cli_test {
namespace {

TEST(ProvidersCommand, ListsEveryProviderWithThreeSamples) {
  CliSandbox box;
  CliResult r = box.Run("data-cli providers --json");
  ASSERT_TRUE(Succeeded(r));
  nlohmann::json list = nlohmann::json::parse(r.out);
  std::set<std::string> listed;
  for (const auto& p : list) {
    SCOPED_TRACE(p.dump());
    listed.insert(p["name"].get<std::string>());
    EXPECT_FALSE(p["description"].get<std::string>().empty());
    EXPECT_TRUE(p["options"].is_array());
    ASSERT_EQ(p["samples"].size(), 3U);
    for (const auto& v : p["samples"]) EXPECT_FALSE(v.get<std::string>().empty());
  }
  for (const gen::Provider& p : gen::Registry().all()) EXPECT_TRUE(listed.contains(p.name));
  EXPECT_EQ(listed.size(), gen::Registry().all().size());
}

TEST(ProvidersCommand, SamplesAreTheSameOnEveryRun) {
  CliSandbox box;
  CliResult a = box.Run("data-cli providers --json");
  CliResult b = box.Run("data-cli providers --json");
  ASSERT_TRUE(Succeeded(a));
  EXPECT_EQ(a.out, b.out);
}

TEST(ProvidersCommand, FiltersByCategoryAndRejectsUnknownOnes) {
  CliSandbox box;
  CliResult r = box.Run("data-cli providers --category person --json");
  ASSERT_TRUE(Succeeded(r));
  for (const auto& p : nlohmann::json::parse(r.out)) EXPECT_EQ(p["category"], "person");
  CliResult bad = box.Run("data-cli providers --category persn");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_TRUE(HasSubstr(bad.err, "did you mean 'person'"));
}

TEST(ProvidersCommand, AnUnavailableLocaleListsTheAvailableOnes) {
  CliSandbox box;
  CliResult r = box.Run("data-cli providers --locale xx_XX");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(
      HasSubstr(r.err,
                "locale 'xx_XX' is not available (available: de_DE, en_GB, en_US, es_ES, fr_FR, "
                "it_IT, ja_JP, pt_BR)"));
}

// docs/providers.md is the command's Markdown under a fixed preamble; regenerate it with
// TDM_UPDATE_GOLDEN=1 after adding or changing a provider.
TEST(ProvidersCommand, TheCatalogueInDocsIsCurrent) {
  CliSandbox box;
  CliResult r = box.Run("data-cli providers --markdown");
  ASSERT_TRUE(Succeeded(r));
  const std::string path = std::string(TDM_SOURCE_DIR) + "/docs/providers.md";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string doc = text.str();
  size_t tables = doc.find("\n## ");
  std::string preamble = tables == std::string::npos ? doc : doc.substr(0, tables);
  if (std::getenv("TDM_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path) << preamble << r.out;
    GTEST_SKIP() << "rewrote " << path;
  }
  ASSERT_NE(tables, std::string::npos) << path << " has no tables";
  EXPECT_EQ(doc.substr(tables), r.out) << "regenerate with TDM_UPDATE_GOLDEN=1";
}

}  // namespace
}  // namespace tdm::cli_test
