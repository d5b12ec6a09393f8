// Masking strategies: how one column's values are replaced, by name.
//
// A MaskRule is a policy rule resolved for one column (policy.h): the strategy, its options and
// the key. The registry turns it into a ColumnMasker for the column's type, or says why it cannot
// (hash on a date, redact on a unique column, a missing key): every such error is found when the
// masking plan is built, before anything is written.
//
// Every strategy is a pure function of (key, options, original value): equal inputs give equal
// outputs in every table, database, thread and run. That keeps the same email masked alike
// everywhere, and masked primary keys joined to the foreign keys that point at them.
//
//   hash       HMAC-SHA256 keyed by the rule's key, lowercase hex (`length:` truncates); uuid and
//              objectid columns get a uuid/objectid made of the digest; integers a positive int64
//   redact     a fixed `replacement` ("REDACTED", 0, 1970-01-01 when unset); not for unique columns
//   anonymize  a realistic fake from the provider `faker_provider`, chosen by a keyed hash of the
//              original; unique columns get a keyed tag that keeps them unique
//   partial    every letter and digit but the last `show_last` (4) replaced by 'x', separators kept
//              (with show_last_4, hash keeps the layout and last four and fills the rest with
//              digits and letters of the digest: a consistent pseudonym that still looks the part)
//   null       NULL (the target column becomes nullable; not for keys)
//   noise      numbers moved by at most `spread` (0.1 = 10%) of their size, keeping sign and
//              decimals; dates and datetimes by at most `max_days` (30) days, never by zero
//   fpe        format-preserving encryption (FF3-1 over AES-256): digits stay digits and letters
//              letters, length and separators kept, and a bijection, so unique stays unique;
//              integers keep their number of digits
//   aggregate  the table becomes one row of count, total, average, min and max (aggregate.h)
//
// ColumnMaskers are not thread-safe (fpe keeps a cipher context): use one per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/batch.h"
#include "core/table_schema.h"
#include "tdm/status.h"

namespace tdm::mask {

struct MaskRule {
  std::string strategy;
  std::string key;  // the secret the keyed strategies use (salt, or a key from the environment)
  std::optional<std::string> replacement;
  std::string provider;  // anonymize: the tdm provider that fakes the value
  std::string locale = "en_US";
  int show_last = 0;  // show_last_4: characters kept at the end (partial: 4 when unset)
  int length = 0;     // hash: hex characters kept (0 = all 64)
  double spread = 0.1;
  int max_days = 30;
  std::string origin;  // where the rule came from, for messages ("masking-policies.yaml:12:5")
};

class ColumnMasker {
 public:
  virtual ~ColumnMasker() = default;
  // Appends the masked form of rows [0, rows) of `in` to `out` (whose type is the output
  // column's). Nulls stay null.
  virtual Status Mask(const Column& in, size_t rows, Column& out) = 0;
};

struct Strategy {
  std::string name;
  std::string description;
  bool keyed = false;  // needs MaskRule::key
  // Whether the output column may hold NULL where the input could not.
  bool makes_nullable = false;
  // Builds the masker for `column`; an error says why the strategy does not fit the column.
  std::function<Result<std::unique_ptr<ColumnMasker>>(const MaskRule&, const ColumnSchema&)> make;
};

// The strategies by name; `aggregate` is listed but masks whole tables (aggregate.h), so its
// `make` is empty.
const std::vector<Strategy>& Strategies();
const Strategy* FindStrategy(std::string_view name);

// Builds the masker for one column, checking the rule against the column (type, uniqueness, key).
Result<std::unique_ptr<ColumnMasker>> MakeColumnMasker(const MaskRule& rule,
                                                       const ColumnSchema& column);

// The original value's canonical bytes, which keyed strategies hash: the text of a string, the
// decimal form of an integer, the shortest round-trip form of a double, ISO dates.
void AppendCanonical(const Column& column, size_t row, std::string& out);

// Copies a null (or a value) through: appends NULL to `out` when row is null; returns whether it
// was.
bool CopyNull(const Column& in, size_t row, Column& out);

// Registered by each strategy's file.
void AddTextStrategies(std::vector<Strategy>& out);     // hash, redact, null, partial
void AddAnonymizeStrategy(std::vector<Strategy>& out);  // anonymize
void AddNoiseStrategy(std::vector<Strategy>& out);      // noise
void AddFpeStrategy(std::vector<Strategy>& out);        // fpe

}  // namespace tdm::mask
