// Misc providers: colour formats, file names whose extension matches the category, media types
// that agree with the row's file name, list-backed codes, determinism and option errors.

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "gen/providers/provider_checks.h"
#include "gen/table_generator.h"
#include "gen/test_tables.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

using testing::Field;
using testing::Generate;
using testing::Generated;
using testing::InList;
using testing::Plan;

constexpr int64_t kRows = 20000;

FieldSpec WithCategory(FieldSpec f, std::string category) {
  f.options["category"] = std::move(category);
  return f;
}

// extension -> {category, media type}, from the data file the providers read.
std::map<std::string, std::pair<std::string, std::string>> FileTypeTable() {
  std::map<std::string, std::pair<std::string, std::string>> table;
  for (std::string_view line : WordList("en_US/misc_file_types.txt")) {
    std::string category, extension, mime;
    EXPECT_TRUE(
        RE2::FullMatch(line, R"((\w+) (\w+) ([\w.+-]+/[\w.+-]+))", &category, &extension, &mime))
        << line;
    table[extension] = {category, mime};
  }
  return table;
}

TEST(MiscProviders, ColoursHaveCssForms) {
  Generated g = Generate(
      Plan("t", kRows,
           {Field("hex", "hex_color"), Field("rgb", "rgb_color"), Field("c", "color_name")}));
  ASSERT_TRUE(g.ok());
  const auto& names = WordList("en_US/misc_color_names.txt");
  std::set<std::string> hexes;
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    std::string_view hex = g.column("hex").GetString(i);
    ASSERT_TRUE(RE2::FullMatch(hex, "#[0-9a-f]{6}")) << hex;
    hexes.insert(std::string(hex));
    int r = -1, gr = -1, b = -1;
    std::string_view rgb = g.column("rgb").GetString(i);
    ASSERT_TRUE(RE2::FullMatch(rgb, R"(rgb\((\d+), (\d+), (\d+)\))", &r, &gr, &b)) << rgb;
    for (int c : {r, gr, b}) ASSERT_TRUE(c >= 0 && c <= 255) << rgb;
    ASSERT_TRUE(InList(names, g.column("c").GetString(i)));
  }
  EXPECT_GT(hexes.size(), static_cast<size_t>(kRows * 9 / 10));
}

TEST(MiscProviders, FileNameExtensionMatchesCategoryAndMimeTypeFollowsIt) {
  auto table = FileTypeTable();
  const RE2 kFileName(R"((?:[a-z0-9_-]+|IMG_\d{4})\.(\w+))");
  for (std::string category : {"image", "document", "audio", "video", "any"}) {
    Generated g = Generate(Plan("files", 5000,
                                {WithCategory(Field("file", "file_name"), category),
                                 Field("mime", "mime_type"), Field("ext", "file_extension")}));
    ASSERT_TRUE(g.ok()) << category;
    std::set<std::string> extensions;
    for (size_t i = 0; i < g.batch.num_rows; ++i) {
      std::string_view file = g.column("file").GetString(i);
      std::string extension;
      ASSERT_TRUE(RE2::FullMatch(file, kFileName, &extension)) << file;
      ASSERT_TRUE(table.count(extension)) << file;
      const auto& [type_category, mime] = table[extension];
      if (category != "any") {
        ASSERT_EQ(type_category, category) << file;
      }
      ASSERT_EQ(g.column("mime").GetString(i), mime) << file;
      ASSERT_TRUE(table.count(std::string(g.column("ext").GetString(i))));
      extensions.insert(extension);
    }
    EXPECT_GT(extensions.size(), 4u) << category;
  }
}

TEST(MiscProviders, MimeTypeWithoutFileNameFollowsItsCategory) {
  Generated g = Generate(Plan("t", 2000, {WithCategory(Field("mime", "mime_type"), "video")}));
  ASSERT_TRUE(g.ok());
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    ASSERT_TRUE(RE2::FullMatch(g.column("mime").GetString(i), "video/[a-z0-9.+-]+"));
  }
}

TEST(MiscProviders, CodesComeFromTheirLists) {
  Generated g = Generate(
      Plan("t", kRows,
           {Field("lang", "language_code"), Field("loc", "locale_code"), Field("emoji", "emoji")}));
  ASSERT_TRUE(g.ok());
  for (size_t i = 0; i < g.batch.num_rows; ++i) {
    ASSERT_TRUE(RE2::FullMatch(g.column("lang").GetString(i), "[a-z]{2}"));
    ASSERT_TRUE(RE2::FullMatch(g.column("loc").GetString(i), "[a-z]{2,3}_[A-Z]{2}"));
    // One code point of four UTF-8 bytes, or three for the BMP emoji.
    std::string_view emoji = g.column("emoji").GetString(i);
    ASSERT_TRUE(emoji.size() == 3 || emoji.size() == 4) << emoji;
  }
}

TEST(MiscProviders, SameSeedSameValuesOtherSeedOtherValues) {
  DatasetPlan plan =
      Plan("t", 2000,
           {Field("file", "file_name"), Field("mime", "mime_type"), Field("hex", "hex_color"),
            Field("rgb", "rgb_color"), Field("color", "color_name"), Field("ext", "file_extension"),
            Field("lang", "language_code"), Field("loc", "locale_code"), Field("emoji", "emoji")});
  Generated a = Generate(plan, testing::TestContext(1));
  Generated b = Generate(plan, testing::TestContext(1));
  Generated c = Generate(plan, testing::TestContext(2));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(testing::RowTexts(a.batch), testing::RowTexts(b.batch));
  for (const FieldSpec& f : plan.fields) {
    EXPECT_NE(testing::Strings(a.column(f.name)), testing::Strings(c.column(f.name))) << f.name;
  }
}

TEST(MiscProviders, UnknownCategoryIsASpecError) {
  for (const char* provider : {"file_name", "file_extension", "mime_type"}) {
    DatasetPlan plan = Plan("t", 10, {WithCategory(Field("x", provider), "spreadsheet")});
    auto table =
        TableGenerator::Create(plan, testing::TestContext(),
                               [](std::string_view) -> const TableGenerator* { return nullptr; });
    ASSERT_FALSE(table.ok()) << provider;
    EXPECT_EQ(table.status().code(), StatusCode::kSpecError);
    EXPECT_NE(table.status().message().find("image, document, audio, video, any"),
              std::string::npos)
        << table.status().message();
  }
}

}  // namespace
}  // namespace tdm::gen
