#include "spec/field_resolver.h"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/suggest.h"
#include "core/time_format.h"
#include "gen/embedded_data.h"
#include "gen/provider_registry.h"
#include "gen/regex_generator.h"
#include "spec/constraint.h"

namespace tdm::spec {
namespace {

constexpr int64_t kMicrosPerDay = 86'400'000'000;
constexpr int64_t kMicrosPerSecond = 1'000'000;

template <typename T>
void Take(std::optional<T>& into, const std::optional<T>& from) {
  if (from) into = from;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct TypeInfo {
  ColumnType type;
  bool number = false;  // "number": integer or float, decided by the bounds
  bool is_enum = false;
};

std::optional<TypeInfo> ParseType(const std::string& raw) {
  std::string t = Lower(raw);
  if (t == "string" || t == "text" || t == "str") return TypeInfo{ColumnType::kString};
  if (t == "number" || t == "numeric") return TypeInfo{ColumnType::kInteger, true};
  if (t == "integer" || t == "int" || t == "long" || t == "bigint")
    return TypeInfo{ColumnType::kInteger};
  if (t == "float" || t == "double" || t == "decimal" || t == "real")
    return TypeInfo{ColumnType::kFloat};
  if (t == "boolean" || t == "bool") return TypeInfo{ColumnType::kBoolean};
  if (t == "date") return TypeInfo{ColumnType::kDate};
  if (t == "datetime" || t == "timestamp") return TypeInfo{ColumnType::kDateTime};
  if (t == "objectid") return TypeInfo{ColumnType::kObjectId};
  if (t == "uuid") return TypeInfo{ColumnType::kUuid};
  if (t == "enum") return TypeInfo{ColumnType::kString, false, true};
  return std::nullopt;
}

// The range a provider draws from when a field sets no bounds (from the provider itself, or
// from the plain provider of the field's type); constraints are intersected with it so that
// "> 0 AND < 150" on an age still gives adult ages.
gen::ValueRange DefaultRange(const std::string& provider, ColumnType type,
                             const gen::GenerationContext& ctx) {
  const gen::Provider* p = gen::Registry().Find(provider);
  if (p == nullptr || !p->default_range) p = gen::Registry().Find(InferProvider("", type));
  return p != nullptr && p->default_range ? p->default_range(ctx) : gen::ValueRange{0, 1000};
}

// Reads a bound written in a spec for a field of `type`, in the field's units.
std::optional<double> ReadValue(const std::string& text, ColumnType type,
                                const gen::GenerationContext& ctx) {
  if (type == ColumnType::kDate || type == ColumnType::kDateTime) {
    if (auto offset = ParseNowOffset(text)) {
      int64_t us = ctx.reference_time + *offset;
      if (type == ColumnType::kDateTime) return static_cast<double>(us);
      return std::floor(static_cast<double>(us) / kMicrosPerDay);
    }
    if (type == ColumnType::kDate) {
      if (auto d = ParseDate(text)) return static_cast<double>(*d);
      if (auto t = ParseDateTime(text)) return std::floor(static_cast<double>(*t) / kMicrosPerDay);
      return std::nullopt;
    }
    if (auto t = ParseDateTime(text)) return static_cast<double>(*t);
    if (auto d = ParseDate(text)) return static_cast<double>(*d) * kMicrosPerDay;
    return std::nullopt;
  }
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

// The smallest step between two values of the field, to turn `> x` into `>= x + step`.
double Step(ColumnType type, int decimals) {
  switch (type) {
    case ColumnType::kFloat:
      return std::pow(10.0, -decimals);
    case ColumnType::kDateTime:
      return kMicrosPerSecond;
    default:
      return 1;
  }
}

// Finite, and for whole-number types within int64 with room for the generator's arithmetic.
bool InRange(double v, ColumnType type) {
  if (!std::isfinite(v)) return false;
  if (type == ColumnType::kFloat) return std::fabs(v) <= 1e300;
  return std::fabs(v) <= 4e18;
}

SourceLocation KeyWhere(const FieldDecl& decl, const std::string& key) {
  auto it = decl.key_locations.find(key);
  return it == decl.key_locations.end() ? decl.where : it->second;
}

Status FieldError(const FieldDecl& decl, const std::string& key, const std::string& dataset,
                  const std::string& message) {
  return {StatusCode::kSpecError, "field '" + dataset + "." + decl.name + "': " + message,
          KeyWhere(decl, key)};
}

Status ResolveBounds(const FieldDecl& decl, const std::string& dataset,
                     const gen::GenerationContext& ctx, gen::FieldSpec& f) {
  bool ordered = f.type == ColumnType::kInteger || f.type == ColumnType::kFloat ||
                 f.type == ColumnType::kDate || f.type == ColumnType::kDateTime;
  std::optional<double> lo;
  std::optional<double> hi;
  for (const char* key : {"min", "max"}) {
    const std::optional<std::string>& text = key[1] == 'i' ? decl.min : decl.max;
    if (!text) continue;
    if (!ordered) {
      return FieldError(decl, key, dataset,
                        std::string("'") + key +
                            "' applies to numbers, "
                            "dates and datetimes, not " +
                            std::string(ColumnTypeName(f.type)));
    }
    auto v = ReadValue(*text, f.type, ctx);
    if (!v) {
      return FieldError(decl, key, dataset,
                        std::string("cannot read '") + key + ": " + *text + "' as a " +
                            std::string(ColumnTypeName(f.type)) +
                            " (dates: 2024-01-31 or now-30d)");
    }
    if (!InRange(*v, f.type)) {
      return FieldError(decl, key, dataset,
                        std::string("'") + key + ": " + *text + "' is out of range for a " +
                            std::string(ColumnTypeName(f.type)));
    }
    (key[1] == 'i' ? lo : hi) = *v;
  }
  if (lo && hi && *lo > *hi) {
    return FieldError(
        decl, "min", dataset,
        "the range is inverted: min " + *decl.min + " is greater than max " + *decl.max);
  }
  // A bound given alone pairs with the provider's default for the other (for dates: the default
  // span before a given max); when it lies beyond that default, the window moves to start at it.
  // Both bounds are then explicit, which is also what unique-domain checks need.
  if (ordered && lo.has_value() != hi.has_value() && f.provider != "sequence") {
    gen::ValueRange def = DefaultRange(f.provider, f.type, ctx);
    double span = def.hi - def.lo;
    bool temporal = f.type == ColumnType::kDate || f.type == ColumnType::kDateTime;
    if (lo) hi = *lo <= def.hi ? def.hi : *lo + span;
    if (!lo) lo = temporal || *hi < def.lo ? *hi - span : def.lo;
  }
  bool explicit_lo = lo.has_value();
  bool explicit_hi = hi.has_value();
  if (decl.constraint) {
    if (!ordered) {
      return FieldError(decl, "constraint", dataset,
                        "a range constraint applies to numbers, dates and datetimes, not " +
                            std::string(ColumnTypeName(f.type)));
    }
    auto parsed = ParseConstraint(*decl.constraint);
    if (!parsed.ok()) return FieldError(decl, "constraint", dataset, parsed.status().message());
    double step = Step(f.type, f.decimals);
    auto value_of = [&](const Bound& b) -> std::optional<double> {
      if (b.kind == Bound::Kind::kNow) {
        return ReadValue("now+" + std::to_string(b.now_offset_us / kMicrosPerSecond) + "s", f.type,
                         ctx);
      }
      return ReadValue(b.text, f.type, ctx);
    };
    gen::ValueRange def = DefaultRange(f.provider, f.type, ctx);
    std::optional<double> c_lo;
    std::optional<double> c_hi;
    for (const std::optional<Bound>* b : {&parsed->lower, &parsed->upper, &parsed->equal}) {
      if (!*b) continue;
      auto v = value_of(**b);
      if (!v) {
        return FieldError(
            decl, "constraint", dataset,
            "cannot read '" + (*b)->text + "' as a " + std::string(ColumnTypeName(f.type)));
      }
      if (!InRange(*v, f.type)) {
        return FieldError(
            decl, "constraint", dataset,
            "'" + (*b)->text + "' is out of range for a " + std::string(ColumnTypeName(f.type)));
      }
      if (b == &parsed->lower) c_lo = (*b)->inclusive ? *v : *v + step;
      if (b == &parsed->upper) c_hi = (*b)->inclusive ? *v : *v - step;
      if (b == &parsed->equal) c_lo = c_hi = *v;
    }
    if (c_lo && c_hi && *c_lo > *c_hi) {
      return FieldError(decl, "constraint", dataset,
                        "constraint \"" + *decl.constraint + "\" admits no value");
    }
    // Intersect with the explicit bounds, or with the provider's defaults when there are none;
    // a one-sided constraint that misses the default window moves the window to its edge.
    double base_lo = explicit_lo ? *lo : def.lo;
    double base_hi = explicit_hi ? *hi : def.hi;
    double new_lo = c_lo ? std::max(base_lo, *c_lo) : base_lo;
    double new_hi = c_hi ? std::min(base_hi, *c_hi) : base_hi;
    if (new_lo > new_hi && !(explicit_lo && explicit_hi)) {
      double span = def.hi - def.lo;
      if (c_lo && c_hi) {
        new_lo = *c_lo, new_hi = *c_hi;
      } else if (c_lo) {
        new_lo = *c_lo, new_hi = *c_lo + span;
      } else {
        new_hi = *c_hi, new_lo = *c_hi - span;
      }
    }
    if (new_lo > new_hi) {
      return FieldError(decl, "constraint", dataset,
                        "constraint \"" + *decl.constraint + "\" and min/max leave an empty range");
    }
    lo = new_lo, hi = new_hi;
  }
  if (f.type == ColumnType::kFloat) {
    // The float provider draws whole multiples of 10^-decimals as int64.
    double scale = std::pow(10.0, f.decimals);
    for (const std::optional<double>* b : {&lo, &hi}) {
      if (*b && std::fabs(**b) * scale >= 4e18) {
        return FieldError(decl, b == &lo ? "min" : "max", dataset,
                          "the bound is too large for " + std::to_string(f.decimals) +
                              " decimals; lower it or the decimals");
      }
    }
    if (lo) f.float_min = *lo;
    if (hi) f.float_max = *hi;
  } else {
    if (lo) f.int_min = static_cast<int64_t>(std::ceil(*lo));
    if (hi) f.int_max = static_cast<int64_t>(std::floor(*hi));
    if (f.int_min && f.int_max && *f.int_min > *f.int_max) {
      return FieldError(decl, decl.constraint ? "constraint" : "min", dataset,
                        "the range holds no whole value");
    }
  }
  return Status::Ok();
}

}  // namespace

// A provider for a field the spec does not give one, from its name and then its type.
std::string InferProvider(const std::string& raw_name, std::optional<ColumnType> type) {
  std::string n = Lower(raw_name);
  if (type == ColumnType::kObjectId) return "object_id";
  if (type == ColumnType::kUuid) return "uuid";
  if (n == "_id" || n == "id") return type == ColumnType::kInteger ? "sequence" : "object_id";
  if (type == ColumnType::kBoolean) return "boolean";
  bool text = !type || *type == ColumnType::kString;
  if (text) {
    if (n == "email" || EndsWith(n, "_email")) return "email";
    if (n == "phone" || n == "mobile" || n == "phone_number" || EndsWith(n, "_phone"))
      return "phone";
    if (n == "name" || n == "full_name" || n == "fullname") return "full_name";
    if (n == "first_name" || n == "given_name" || n == "firstname") return "first_name";
    if (n == "last_name" || n == "surname" || n == "family_name" || n == "lastname")
      return "last_name";
    if (n == "title") return "title";
    if (n == "genre") return "movie_genre";
    if (n == "category") return "product_category";
    if (n == "description" || n == "bio" || n == "summary" || n == "comment" || n == "notes") {
      return "sentence";
    }
  }
  bool numeric = !type || *type == ColumnType::kInteger || *type == ColumnType::kFloat;
  if (numeric) {
    if (n == "age") return "age";
    if (n == "year") return "year";
    if (n == "price" || n == "amount" || n == "total" || n == "cost" || n == "rating")
      return "float";
  }
  bool temporal = !type || *type == ColumnType::kDate || *type == ColumnType::kDateTime;
  if (temporal) {
    if (type == ColumnType::kDate) return "date";
    if (type == ColumnType::kDateTime) return "datetime";
    if (EndsWith(n, "_at") || n == "timestamp") return "datetime";
    if (EndsWith(n, "_date") || n == "date" || n == "birthdate" || n == "dob") return "date";
  }
  if (!type && (n.rfind("is_", 0) == 0 || n.rfind("has_", 0) == 0)) return "boolean";
  if (!type) return "word";
  switch (*type) {
    case ColumnType::kInteger:
      return "integer";
    case ColumnType::kFloat:
      return "float";
    default:
      return "word";
  }
}

FieldDecl MergeField(const FieldDecl& base, const FieldDecl& overlay) {
  FieldDecl out = base;
  out.where = overlay.where;
  Take(out.type, overlay.type);
  Take(out.provider, overlay.provider);
  Take(out.pattern, overlay.pattern);
  Take(out.constraint, overlay.constraint);
  Take(out.masked, overlay.masked);
  Take(out.derived, overlay.derived);
  Take(out.foreign_key, overlay.foreign_key);
  Take(out.locale, overlay.locale);
  Take(out.required, overlay.required);
  Take(out.unique, overlay.unique);
  Take(out.primary_key, overlay.primary_key);
  Take(out.nullable, overlay.nullable);
  Take(out.min, overlay.min);
  Take(out.max, overlay.max);
  Take(out.decimals, overlay.decimals);
  Take(out.min_words, overlay.min_words);
  Take(out.max_words, overlay.max_words);
  Take(out.start, overlay.start);
  Take(out.step, overlay.step);
  Take(out.true_rate, overlay.true_rate);
  if (!overlay.values.empty()) out.values = overlay.values;
  if (!overlay.weights.empty()) out.weights = overlay.weights;
  for (const auto& [key, value] : overlay.options) out.options[key] = value;
  // A new type drops the preset's bounds, which were written for the old one.
  if (overlay.type && base.type && Lower(*overlay.type) != Lower(*base.type)) {
    if (!overlay.min) out.min.reset();
    if (!overlay.max) out.max.reset();
    if (!overlay.decimals) out.decimals.reset();
  }
  // A new type invalidates a preset's provider unless the overlay names one too.
  if (overlay.type && base.type && Lower(*overlay.type) != Lower(*base.type) && !overlay.provider &&
      base.provider) {
    auto info = ParseType(*overlay.type);
    const gen::Provider* p = gen::Registry().Find(*base.provider);
    if (info && p && std::find(p->types.begin(), p->types.end(), info->type) == p->types.end()) {
      out.provider.reset();
    }
  }
  for (const auto& [key, where] : overlay.key_locations) out.key_locations[key] = where;
  return out;
}

bool PatternEnumeratesUniquely(const std::string& pattern) {
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i;  // an escaped character is a literal or a fixed class
      continue;
    }
    if (in_class) {
      in_class = c != ']';
      continue;
    }
    if (c == '[') {
      in_class = true;
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') ++i;  // "[]...]" starts with ']'
      continue;
    }
    if (c == '|' || c == '?' || c == '*' || c == '+') return false;
    if (c == '{') {
      size_t close = pattern.find('}', i);
      if (close == std::string::npos) continue;
      std::string body = pattern.substr(i + 1, close - i - 1);
      size_t comma = body.find(',');
      if (comma != std::string::npos && body.substr(0, comma) != body.substr(comma + 1)) {
        return false;
      }
      i = close;
    }
  }
  return true;
}

bool LocaleAvailable(const std::string& locale) {
  return !gen::FindEmbeddedFile(locale + "/last_names.txt").empty();
}

std::string UnknownLocaleMessage(const std::string& locale) {
  std::vector<std::string> locales = gen::AvailableLocales();
  std::string list;
  for (const std::string& l : locales) list += (list.empty() ? "" : ", ") + l;
  return "locale '" + locale + "' is not available in this release" + DidYouMean(locale, locales) +
         " (available: " + list + ")";
}

const std::vector<std::string>& TypeNames() {
  static const std::vector<std::string> names = {"string",  "number", "integer",  "float",
                                                 "boolean", "date",   "datetime", "ObjectId",
                                                 "uuid",    "enum"};
  return names;
}

// A derived field: computed from its expression, so the keys that steer generation do not apply.
// Its references are checked when the table's generator is built (they need the other fields).
Result<gen::FieldSpec> ResolveDerived(const FieldDecl& decl, const std::string& dataset,
                                      gen::FieldSpec f, const std::optional<TypeInfo>& info) {
  for (const char* key : {"provider", "faker_provider", "pattern", "constraint", "values", "enum",
                          "weights", "options", "unique", "primary_key", "min", "max",
                          "foreign_key", "start", "step", "true_rate"}) {
    if (decl.key_locations.contains(key)) {
      return FieldError(decl, key, dataset,
                        std::string("a derived field is computed from its 'derived' expression; "
                                    "drop '") +
                            key + "'");
    }
  }
  f.derived = *decl.derived;
  auto at = decl.key_locations.find("derived");
  f.derived_where = at != decl.key_locations.end() ? at->second : decl.where;
  f.type = ColumnType::kFloat;
  if (info) {
    if (info->type != ColumnType::kInteger && info->type != ColumnType::kFloat) {
      return FieldError(decl, "type", dataset,
                        "a derived field is a number: use type integer, float or number");
    }
    f.type = info->number && !decl.decimals ? ColumnType::kFloat : info->type;
    if (info->number && decl.decimals && *decl.decimals == 0) f.type = ColumnType::kInteger;
  }
  f.decimals = decl.decimals.value_or(2);
  if (f.decimals > 9) return FieldError(decl, "decimals", dataset, "'decimals' must be 0..9");
  f.required = decl.required.value_or(true);
  f.null_rate = decl.nullable.value_or(0.0);
  if (f.null_rate > 0) f.required = false;
  f.masked = decl.masked.value_or("");
  return f;
}

Result<gen::FieldSpec> ResolveField(const FieldDecl& decl, const std::string& dataset,
                                    const gen::GenerationContext& ctx, const std::string& locale) {
  gen::FieldSpec f;
  f.name = decl.name;
  f.where = decl.where;
  f.locale = decl.locale.value_or(locale);
  if (decl.locale && !LocaleAvailable(*decl.locale)) {
    return FieldError(decl, "locale", dataset, UnknownLocaleMessage(*decl.locale));
  }
  std::optional<TypeInfo> info;
  if (decl.type) {
    info = ParseType(*decl.type);
    if (!info) {
      return FieldError(decl, "type", dataset,
                        "unknown type '" + *decl.type + "'" + DidYouMean(*decl.type, TypeNames()) +
                            " (types: string, number, integer, float, boolean, date, datetime, "
                            "ObjectId, uuid, enum)");
    }
  }
  if (decl.derived) return ResolveDerived(decl, dataset, std::move(f), info);
  f.values = decl.values;
  f.weights = decl.weights;
  if (!f.weights.empty() && f.weights.size() != f.values.size()) {
    return FieldError(decl, "weights", dataset,
                      "'weights' has " + std::to_string(f.weights.size()) +
                          " entries but 'values' has " + std::to_string(f.values.size()));
  }
  const auto& registry = gen::Registry();
  if (decl.provider) {
    if (registry.Find(*decl.provider) == nullptr) {
      return FieldError(decl, "provider", dataset,
                        "unknown provider '" + *decl.provider + "'" +
                            DidYouMean(*decl.provider, registry.Names()) +
                            " (run 'data-cli providers' for the list)");
    }
    f.provider = *decl.provider;
  } else if ((info && info->is_enum) || !f.values.empty()) {
    f.provider = "enum";
  } else {
    f.provider = InferProvider(decl.name, info ? std::optional(info->type) : std::nullopt);
  }
  if (f.provider == "enum" && f.values.empty()) {
    return FieldError(decl, "type", dataset, "an enum needs 'values: [a, b, ...]'");
  }
  if (f.provider == "enum" && info && info->type == ColumnType::kInteger) {
    for (const std::string& v : f.values) {
      int64_t n = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (ec != std::errc() || end != v.data() + v.size() || v.empty()) {
        return FieldError(decl, decl.key_locations.contains("values") ? "values" : "enum", dataset,
                          "value '" + v + "' of an integer enum is not a whole number");
      }
    }
  }
  const gen::Provider* provider = registry.Find(f.provider);
  if (info && info->number) {
    bool fractional = decl.decimals.has_value();
    for (const auto* bound : {&decl.min, &decl.max}) {
      if (*bound && bound->value().find('.') != std::string::npos) fractional = true;
    }
    if (provider->types.front() == ColumnType::kFloat) fractional = true;
    info->type = fractional ? ColumnType::kFloat : ColumnType::kInteger;
  }
  f.type = info ? info->type : provider->types.front();
  if (std::find(provider->types.begin(), provider->types.end(), f.type) == provider->types.end()) {
    // A name-inferred provider that does not fit the declared type gives way to the type's own.
    if (!decl.provider) {
      f.provider = InferProvider("", f.type);
      provider = registry.Find(f.provider);
    }
    if (std::find(provider->types.begin(), provider->types.end(), f.type) ==
        provider->types.end()) {
      return FieldError(decl, "provider", dataset,
                        "provider '" + f.provider + "' produces " +
                            std::string(ColumnTypeName(provider->types.front())) + ", not " +
                            std::string(ColumnTypeName(f.type)));
    }
  }
  f.required = decl.required.value_or(true);
  f.unique = decl.unique.value_or(false);
  f.primary_key = decl.primary_key.value_or(false);
  if (f.primary_key) f.unique = true;
  f.null_rate = decl.nullable.value_or(0.0);
  if (f.null_rate > 0 && (f.primary_key || f.required)) {
    if (f.primary_key) {
      return FieldError(decl, "nullable", dataset, "a primary key cannot be nullable");
    }
    f.required = false;
  }
  f.decimals = decl.decimals.value_or(2);
  if (f.decimals > 9) return FieldError(decl, "decimals", dataset, "'decimals' must be 0..9");
  f.sequence_start = decl.start.value_or(1);
  f.sequence_step = decl.step.value_or(1);
  f.true_rate = decl.true_rate.value_or(0.5);
  f.min_words = decl.min_words.value_or(0);
  f.max_words = decl.max_words.value_or(0);
  if (f.min_words > 0 && f.max_words > 0 && f.min_words > f.max_words) {
    return FieldError(decl, "min_words", dataset, "min_words is greater than max_words");
  }
  f.masked = decl.masked.value_or("");
  for (const auto& [key, value] : decl.options) {
    if (std::find(provider->options.begin(), provider->options.end(), key) ==
        provider->options.end()) {
      std::string accepted;
      for (const std::string& o : provider->options) accepted += (accepted.empty() ? "" : ", ") + o;
      return FieldError(
          decl, "options." + key, dataset,
          "provider '" + f.provider + "' has no option '" + key + "'" +
              DidYouMean(key, provider->options) +
              (accepted.empty() ? " (it takes none)" : " (it takes: " + accepted + ")"));
    }
    f.options[key] = value;
  }
  if (decl.pattern) {
    RE2 re(*decl.pattern, RE2::Quiet);
    if (!re.ok()) {
      return FieldError(decl, "pattern", dataset,
                        "pattern \"" + *decl.pattern + "\" does not compile: " + re.error());
    }
    if (PhysicalTypeOf(f.type) != PhysicalType::kString) {
      return FieldError(decl, "pattern", dataset, "'pattern' applies to text fields only");
    }
    f.pattern = *decl.pattern;
    f.pattern_where = KeyWhere(decl, "pattern");
    if (f.unique && f.provider == "regex" && !PatternEnumeratesUniquely(*decl.pattern)) {
      return FieldError(decl, "pattern", dataset,
                        "a unique field's pattern needs fixed repeat counts and no alternation "
                        "(e.g. \"[A-Z]{3}-[0-9]{4}\"), so that distinct rows get distinct values");
    }
    if (f.provider == "regex") {
      auto generator = gen::RegexGenerator::Compile(*decl.pattern);
      if (!generator.ok()) {
        return FieldError(decl, "pattern", dataset, generator.status().message());
      }
    }
  }
  TDM_RETURN_IF_ERROR(ResolveBounds(decl, dataset, ctx, f));
  return f;
}

}  // namespace tdm::spec
