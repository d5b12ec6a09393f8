#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sample_table.h"

namespace tdm::store {
namespace {

TEST(KeyedJson, WritesOneObjectKeyedByTable) {
  TableSchema people = testing::PeopleSchema();
  TableSchema copy = people;
  copy.name = "people_copy";
  Batch batch;
  testing::FillPeople(people, batch);
  std::ostringstream out;
  auto sink = MakeFileSink(FileFormat::kJson, out, {.json_keyed_by_table = true});
  for (const TableSchema* t : {&people, &copy}) {
    ASSERT_TRUE(sink->BeginTable(*t).ok());
    batch.schema = t;
    ASSERT_TRUE(sink->Write(batch).ok());
    ASSERT_TRUE(sink->EndTable().ok());
  }
  ASSERT_TRUE(sink->Finish().ok());
  nlohmann::json parsed = nlohmann::json::parse(out.str());
  ASSERT_TRUE(parsed.is_object());
  EXPECT_EQ(parsed["people"].size(), 3u);
  EXPECT_EQ(parsed["people_copy"], parsed["people"]);
  // Each array is exactly what the plain json sink writes for that table.
  std::string plain = testing::WritePeople(FileFormat::kJson);
  EXPECT_NE(out.str().find("\"people\": " + plain), std::string::npos);
}

TEST(KeyedJson, NoTablesIsAnEmptyObject) {
  std::ostringstream out;
  auto sink = MakeFileSink(FileFormat::kJson, out, {.json_keyed_by_table = true});
  ASSERT_TRUE(sink->Finish().ok());
  EXPECT_EQ(out.str(), "{}\n");
}

}  // namespace
}  // namespace tdm::store
