#include "spec/factories.h"

#include <cstdio>
#include <cstdlib>

#include "spec/loader.h"

namespace tdm::spec {
namespace {

// Changing a preset changes generated data: bump gen::kLatestGeneratorVersion and keep the old
// preset reachable for pinned specs when that happens.
constexpr const char* kFactories = R"yaml(
datasets:
  UserFactory:
    fields:
      _id: {type: ObjectId, primary_key: true}
      name: {type: string, provider: full_name}
      email: {type: string, provider: email, unique: true}
      phone: {type: string, provider: phone}
      created_at: {type: datetime, provider: datetime}
      age: {type: integer, provider: age}
  MovieFactory:
    fields:
      _id: {type: ObjectId, primary_key: true}
      title: {type: string, provider: movie_title}
      year: {type: integer, provider: year}
      genre: {type: string, provider: movie_genre}
      rating: {type: float, min: 1, max: 10, decimals: 1}
      runtime: {type: integer, min: 80, max: 180}
  ProductFactory:
    fields:
      _id: {type: ObjectId, primary_key: true}
      sku: {type: string, provider: regex, pattern: "SKU-[0-9]{8}", unique: true}
      name: {type: string, provider: product_name}
      category: {type: string, provider: product_category}
      price: {type: float, min: 1, max: 500, decimals: 2}
      in_stock: {type: boolean, true_rate: 0.85}
      created_at: {type: datetime, provider: datetime}
  OrderFactory:
    fields:
      _id: {type: ObjectId, primary_key: true}
      user_id: {type: ObjectId, foreign_key: users._id}
      status:
        type: enum
        values: [pending, paid, shipped, delivered, cancelled]
        weights: [10, 15, 20, 50, 5]
      total: {type: float, min: 5, max: 2000, decimals: 2}
      created_at: {type: datetime, provider: datetime}
)yaml";

const DataSpecDocument& Presets() {
  static const DataSpecDocument doc = [] {
    auto parsed = ParseDataSpec("<built-in factories>", kFactories);
    if (!parsed.ok()) {
      std::fprintf(stderr, "tdm: built-in factories: %s\n", parsed.status().ToString().c_str());
      std::abort();
    }
    return std::move(parsed).value();
  }();
  return doc;
}

}  // namespace

const DatasetDecl* FindFactory(const std::string& factory) {
  for (const DatasetDecl& d : Presets().datasets) {
    if (d.name == factory) return &d;
  }
  return nullptr;
}

std::vector<std::string> FactoryNames() {
  std::vector<std::string> names;
  for (const DatasetDecl& d : Presets().datasets) names.push_back(d.name);
  return names;
}

std::string FactoryForCollection(const std::string& collection) {
  if (collection == "users" || collection == "user") return "UserFactory";
  if (collection == "movies" || collection == "movie") return "MovieFactory";
  if (collection == "products" || collection == "product") return "ProductFactory";
  if (collection == "orders" || collection == "order") return "OrderFactory";
  return "";
}

}  // namespace tdm::spec
