#include "spec/provider_guess.h"

#include <algorithm>

#include "core/text.h"
#include "gen/provider_registry.h"

namespace tdm::spec {
namespace {

bool PeopleTable(std::string_view t) {
  return HasAny(t, {"user", "customer", "person", "people", "employee", "author", "member",
                    "contact", "student", "patient", "staff", "owner", "client", "account"});
}

// Name rules by column type; table and column are lowercase.
std::string NameRule(std::string_view t, std::string_view n, ColumnType type) {
  bool film = HasAny(t, {"movie", "film"});
  switch (type) {
    case ColumnType::kObjectId:
      return "object_id";
    case ColumnType::kUuid:
      return "uuid";
    case ColumnType::kInteger:
      if (OneOf(n, {"id", "_id"})) return "sequence";
      if (n == "age") return "age";
      if (n == "year" || n.ends_with("_year")) return "year";
      return "";
    case ColumnType::kDate:
    case ColumnType::kDateTime: {
      bool temporal = n.ends_with("_at") || n.ends_with("_on") || n.ends_with("_date") ||
                      n.ends_with("_time") ||
                      OneOf(n, {"date", "time", "timestamp", "birthday", "birthdate", "dob"});
      if (!temporal) return "";
      return type == ColumnType::kDate ? "date" : "datetime";
    }
    case ColumnType::kString:
      break;
    default:
      return "";
  }
  if (OneOf(n, {"_id", "oid", "object_id", "objectid"}) || n.ends_with("_oid")) return "object_id";
  if (OneOf(n, {"uuid", "guid"}) || n.ends_with("_uuid") || n.ends_with("_guid")) return "uuid";
  if (OneOf(n, {"email", "mail", "email_address"}) || n.ends_with("_email")) return "email";
  if (OneOf(n, {"phone", "mobile", "telephone", "tel", "cell", "phone_number", "mobile_number"}) ||
      n.ends_with("_phone")) {
    return "phone";
  }
  if (OneOf(n, {"first_name", "firstname", "given_name", "fname", "forename"})) return "first_name";
  if (OneOf(n, {"last_name", "lastname", "surname", "family_name", "lname"})) return "last_name";
  if (OneOf(n, {"full_name", "fullname", "display_name", "contact_name", "customer_name"})) {
    return "full_name";
  }
  if (n == "name") {
    if (PeopleTable(t)) return "full_name";
    if (HasAny(t, {"product", "item"})) return "product_name";
    if (Has(t, "categor")) return "product_category";
    if (Has(t, "genre")) return "movie_genre";
    return film ? "movie_title" : "title";
  }
  if (n == "title") return film ? "movie_title" : "title";
  if (n == "product_name") return "product_name";
  if (n == "genre") return "movie_genre";
  if (OneOf(n, {"category", "category_name"})) return "product_category";
  if (OneOf(n, {"description", "bio", "summary", "comment", "comments", "note", "notes", "body",
                "content", "message", "about"})) {
    return "sentence";
  }
  return "";
}

}  // namespace

std::string GuessProvider(std::string_view table, const ColumnSchema& column) {
  std::string name = NameRule(Lower(table), Lower(column.name), column.type);
  if (name.empty()) return "";
  const gen::Provider* p = gen::Registry().Find(name);
  if (p == nullptr || std::find(p->types.begin(), p->types.end(), column.type) == p->types.end()) {
    return "";
  }
  return name;
}

}  // namespace tdm::spec
