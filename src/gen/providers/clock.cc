// Clock providers: times of day, IANA time zones, UTC offsets, instants and dates relative to the
// pinned reference time, weekday and month names, Unix timestamps and ULIDs. "Now" is always the
// dataset version's reference time, never the wall clock.
#include <array>
#include <string_view>

#include "core/time_format.h"
#include "gen/provider_registry.h"
#include "gen/providers/clock_ulid.h"
#include "gen/providers/clock_window.h"
#include "gen/providers/paragraph.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

constexpr std::array<std::string_view, 7> kWeekdays = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

void AppendTwoDigits(int64_t v, std::string& out) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

std::unique_ptr<ColumnGenerator> MakeTime(uint64_t key) {
  return MakeGenerator([key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    auto second = static_cast<int64_t>(rng.Below(86'400));
    std::string& a = out.arena();
    AppendTwoDigits(second / 3600, a);
    a.push_back(':');
    AppendTwoDigits(second / 60 % 60, a);
    a.push_back(':');
    AppendTwoDigits(second % 60, a);
    out.CommitString();
  });
}

template <size_t N>
std::unique_ptr<ColumnGenerator> Choice(uint64_t key,
                                        const std::array<std::string_view, N>& items) {
  return MakeGenerator([key, &items](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    out.AppendString(items[rng.Below(N)]);
  });
}

std::unique_ptr<ColumnGenerator> ListChoice(uint64_t key, std::string_view path) {
  const std::vector<std::string_view>& items = WordList(path);
  return MakeGenerator([key, &items](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    out.AppendString(items[rng.Below(items.size())]);
  });
}

// Uniform whole units in the window, stored as `unit` column units each.
std::unique_ptr<ColumnGenerator> Uniform(uint64_t key, ClockWindow w, int64_t unit) {
  return MakeGenerator([key, w, unit](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    out.AppendInt(rng.Between(w.lo, w.hi) * unit);
  });
}

ValueRange RangeOf(const Result<ClockWindow>& w, int64_t unit) {
  if (!w.ok()) return {};
  return {static_cast<double>(w->lo * unit), static_cast<double>(w->hi * unit)};
}

Provider Simple(std::string name, std::string description,
                std::function<std::unique_ptr<ColumnGenerator>(uint64_t key)> make) {
  return {
      std::move(name),
      "datetime",
      std::move(description),
      "",
      {ColumnType::kString},
      nullptr,
      [make = std::move(make)](const ProviderArgs& a) -> Result<std::unique_ptr<ColumnGenerator>> {
        return make(a.key());
      }};
}

Provider RelativeDateTime(std::string name, ClockDirection direction) {
  bool past = direction == ClockDirection::kPast;
  return {std::move(name),
          "datetime",
          std::string("instant at whole seconds ") + (past ? "before" : "after") +
              " the reference time, at most `within` away",
          "options: within (30d, 12h, 2y; units s, m, h, d, w, y; default 1y); min, max",
          {ColumnType::kDateTime},
          nullptr,
          [direction](const ProviderArgs& a) -> Result<std::unique_ptr<ColumnGenerator>> {
            TDM_ASSIGN_OR_RETURN(ClockWindow w, DateTimeWindow(a.field, a.context, direction));
            return Uniform(a.key(), w, kMicrosPerSecond);
          },
          [direction](const GenerationContext& ctx) {
            return RangeOf(DateTimeWindow(FieldSpec{}, ctx, direction), kMicrosPerSecond);
          },
          {"within"}};
}

Provider RelativeDate(std::string name, ClockDirection direction) {
  bool past = direction == ClockDirection::kPast;
  return {std::move(name),
          "datetime",
          std::string("calendar date ") + (past ? "before" : "after") +
              " the reference date, at most `within` whole days away",
          "options: within (30d, 2w, 2y; at least 1d; default 1y); min, max",
          {ColumnType::kDate},
          nullptr,
          [direction](const ProviderArgs& a) -> Result<std::unique_ptr<ColumnGenerator>> {
            TDM_ASSIGN_OR_RETURN(ClockWindow w, DateWindow(a.field, a.context, direction));
            return Uniform(a.key(), w, 1);
          },
          [direction](const GenerationContext& ctx) {
            return RangeOf(DateWindow(FieldSpec{}, ctx, direction), 1);
          },
          {"within"}};
}

}  // namespace

void RegisterClockProviders(ProviderRegistry& registry) {
  registry.Add(Simple("time", "time of day \"HH:MM:SS\" on a 24-hour clock", MakeTime));
  registry.Add(Simple("timezone", "IANA time zone name, e.g. \"Europe/Berlin\"",
                      [](uint64_t key) { return ListChoice(key, "en_US/clock_timezones.txt"); }));
  registry.Add(Simple("utc_offset", "UTC offset in use somewhere, e.g. \"+05:30\" or \"-03:00\"",
                      [](uint64_t key) { return ListChoice(key, "en_US/clock_utc_offsets.txt"); }));
  registry.Add(Simple("day_of_week", "English weekday name, \"Monday\" .. \"Sunday\"",
                      [](uint64_t key) { return Choice(key, kWeekdays); }));
  registry.Add(Simple("month_name", "English month name, \"January\" .. \"December\"",
                      [](uint64_t key) { return Choice(key, kMonths); }));
  registry.Add(RelativeDateTime("past_datetime", ClockDirection::kPast));
  registry.Add(RelativeDateTime("future_datetime", ClockDirection::kFuture));
  registry.Add(RelativeDate("past_date", ClockDirection::kPast));
  registry.Add(RelativeDate("future_date", ClockDirection::kFuture));
  registry.Add(
      {"unix_time",
       "datetime",
       "Unix time in whole seconds within the ten years before the reference time",
       "min, max",
       {ColumnType::kInteger},
       nullptr,
       [](const ProviderArgs& a) -> Result<std::unique_ptr<ColumnGenerator>> {
         TDM_ASSIGN_OR_RETURN(ClockWindow w, UnixTimeWindow(a.field, a.context));
         return Uniform(a.key(), w, 1);
       },
       [](const GenerationContext& ctx) { return RangeOf(UnixTimeWindow(FieldSpec{}, ctx), 1); }});
  registry.Add(UlidProvider());
  RegisterParagraphProvider(registry);
}

}  // namespace tdm::gen
