// The resolved model's content hash: the same spec always hashes the same, whatever its comments
// and layout, and any change to what would be generated changes it.
#include "spec/model_hash.h"

#include <gtest/gtest.h>

#include <string>

#include "spec/resolver.h"
#include "spec_test_util.h"

namespace tdm::spec {
namespace {

using testing::ExamplePath;
using testing::ReadFile;
using testing::ResolveText;

constexpr const char* kBase = R"(
seed: 7
environments:
  ci: {volume: 1000}
datasets:
  users:
    factory: UserFactory
    fields:
      age: {type: integer, constraint: "> 0 AND < 150"}
  movies:
    factory: MovieFactory
    relationships:
      - user_id -> users._id
)";

std::string HashOf(const std::string& spec) {
  auto resolved = ResolveText(spec);
  EXPECT_TRUE(resolved.ok()) << resolved.status().ToString();
  return resolved.ok() ? resolved->content_hash : "";
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

TEST(ModelHashTest, Sha256OfKnownInput) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ModelHashTest, SameSpecParsedTwiceHashesTheSame) {
  std::string first = HashOf(kBase);
  EXPECT_EQ(first.size(), 64u);
  EXPECT_EQ(first, HashOf(kBase));
}

TEST(ModelHashTest, ExampleHashIsStableAcrossLoads) {
  auto a = LoadAndResolve(ExamplePath("data-spec.yaml"));
  auto b = LoadAndResolve(ExamplePath("data-spec.yaml"));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->content_hash, b->content_hash);
  EXPECT_EQ(a->content_hash, HashModel(*a));
}

TEST(ModelHashTest, CommentsAndLayoutDoNotChangeTheHash) {
  const std::string reformatted = R"yaml(# the same spec, written differently
seed:    7   # pinned

environments: {ci: {volume: 1000}}
datasets:
    users:
        factory: UserFactory      # from the built-ins
        fields:
            - name: age
              type: integer
              constraint: '> 0 AND < 150'
    movies:
        factory: MovieFactory
        relationships: ["user_id   ->   users._id (foreign key)"]
)yaml";
  EXPECT_EQ(HashOf(kBase), HashOf(reformatted));
}

TEST(ModelHashTest, ExampleWithExtraCommentsHashesTheSame) {
  std::string text = ReadFile(ExamplePath("data-spec-v1.yaml"));
  auto plain = ParseDataSpec("a.yaml", text);
  auto commented = ParseDataSpec(
      "b.yaml", "# leading comment\n\n" + Replace(text, "volume: 1000", "volume: 1000  # users"));
  ASSERT_TRUE(plain.ok() && commented.ok());
  auto a = Resolve(SpecFiles{*plain, std::nullopt, std::nullopt});
  auto b = Resolve(SpecFiles{*commented, std::nullopt, std::nullopt});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->content_hash, b->content_hash);
}

TEST(ModelHashTest, EveryGeneratingChangeChangesTheHash) {
  const std::string base = HashOf(kBase);
  struct Change {
    std::string from, to;
  };
  for (const Change& c : std::vector<Change>{
           {"seed: 7", "seed: 8"},
           {"\"> 0 AND < 150\"", "\"> 50 AND < 150\""},
           {"type: integer,", "type: float,"},
           {"age: {", "age: {unique: true, "},
           {"age: {", "age: {nullable: 0.5, "},
           {"ci: {volume: 1000}", "ci: {volume: 999}"},
           {"factory: MovieFactory", "factory: MovieFactory\n    volume: 3"},
           {"factory: MovieFactory", "factory: MovieFactory\n    fields: {title: {min_words: 3}}"},
           {"- user_id -> users._id", "- owner_id -> users._id"},
           {"seed: 7", "seed: 7\nreference_time: 2025-01-01"},
           {"age: {", "age: {decimals: 3, "},
       }) {
    SCOPED_TRACE(c.from + " => " + c.to);
    std::string changed = HashOf(Replace(kBase, c.from, c.to));
    EXPECT_FALSE(changed.empty());
    EXPECT_NE(changed, base);
  }
}

// The dataset version is "content hash + seed": two specs that differ only in a field's masking
// strategy get the same hash although the data they provision differs once masking is applied.
TEST(ModelHashTest, MaskingStrategyChangesTheHash) {
  const std::string hashed = Replace(kBase, "age: {", "email: {masked: hash}\n      age: {");
  const std::string redacted = Replace(kBase, "age: {", "email: {masked: redact}\n      age: {");
  EXPECT_NE(HashOf(hashed), HashOf(redacted));
  const std::string policy_a = std::string(kBase) + "masking_policies: {email: hash}\n";
  const std::string policy_b = std::string(kBase) + "masking_policies: {email: redact}\n";
  EXPECT_NE(HashOf(policy_a), HashOf(policy_b));
}

}  // namespace
}  // namespace tdm::spec
