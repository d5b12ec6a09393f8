// Misc providers: colours, file names with their extensions and media types, language and locale
// codes, and emoji.
//
// A file name's type is the first draw of its row, so mime_type can recompute the type of the
// row's file_name (from that column's key and category) without reading the batch, the same way
// email derives from the row's name.
#include <array>
#include <string_view>
#include <vector>

#include "gen/provider_registry.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

using WordListRef = const std::vector<std::string_view>*;

Result<std::unique_ptr<ColumnGenerator>> MakeListPick(const ProviderArgs& args,
                                                      std::string_view path) {
  WordListRef list = &WordList(path);
  uint64_t key = args.key();
  return MakeGenerator([list, key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    out.AppendString((*list)[rng.Below(list->size())]);
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeHexColor(const ProviderArgs& args) {
  uint64_t key = args.key();
  return MakeGenerator([key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    std::string& a = out.arena();
    a.push_back('#');
    AppendHex(rng.Next() & 0xFFFFFF, 6, a);
    out.CommitString();
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeRgbColor(const ProviderArgs& args) {
  uint64_t key = args.key();
  return MakeGenerator([key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    uint64_t rgb = rng.Next();
    std::string& a = out.arena();
    a.append("rgb(");
    AppendInt(static_cast<int64_t>((rgb >> 16) & 0xFF), a);
    a.append(", ");
    AppendInt(static_cast<int64_t>((rgb >> 8) & 0xFF), a);
    a.append(", ");
    AppendInt(static_cast<int64_t>(rgb & 0xFF), a);
    a.push_back(')');
    out.CommitString();
  });
}

// One line of misc_file_types.txt: "category extension media-type".
struct FileType {
  std::string_view category;
  std::string_view extension;
  std::string_view mime;
};

constexpr std::string_view kCategories = "image, document, audio, video, any";

// The file types of a category ("any" for all), or a spec error naming the accepted values.
Result<std::vector<FileType>> FileTypes(const FieldSpec& field) {
  std::string category = field.Option("category", "any");
  std::vector<FileType> types;
  for (std::string_view line : WordList("en_US/misc_file_types.txt")) {
    size_t a = line.find(' ');
    size_t b = line.find(' ', a + 1);
    FileType t{line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)};
    if (category == "any" || t.category == category) types.push_back(t);
  }
  if (types.empty()) {
    return Status(StatusCode::kSpecError,
                  field.provider + " option category '" + category + "' is not one of " +
                      std::string(kCategories),
                  field.where);
  }
  return types;
}

// The file type of a row of a file_name (or file_extension) column: the row's first draw.
const FileType& PickFileType(const std::vector<FileType>& types, RowRng& rng) {
  return types[rng.Below(types.size())];
}

// "quarterly_report.pdf", "beach-sunset-2.jpg", "IMG_4821.heic": one to three words joined by '_'
// or '-', sometimes numbered; photos often carry a camera's IMG_ number instead.
Result<std::unique_ptr<ColumnGenerator>> MakeFileName(const ProviderArgs& args) {
  Result<std::vector<FileType>> types = FileTypes(args.field);
  if (!types.ok()) return types.status();
  WordListRef words = &WordList("en_US/words.txt");
  uint64_t key = args.key();
  return MakeGenerator([types = std::move(types).value(), words, key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    const FileType& type = PickFileType(types, rng);
    std::string& a = out.arena();
    if (type.category == "image" && rng.Chance(1, 4)) {
      a.append("IMG_");
      AppendInt(rng.Between(1000, 9999), a);
    } else {
      char separator = rng.Chance(1, 2) ? '_' : '-';
      auto count = rng.Between(1, 3);
      for (int64_t i = 0; i < count; ++i) {
        if (i != 0) a.push_back(separator);
        a.append((*words)[rng.Below(words->size())]);
      }
      if (rng.Chance(1, 4)) {
        a.push_back(separator);
        AppendInt(rng.Between(1, 99), a);
      }
    }
    a.push_back('.');
    a.append(type.extension);
    out.CommitString();
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeFileExtension(const ProviderArgs& args) {
  Result<std::vector<FileType>> types = FileTypes(args.field);
  if (!types.ok()) return types.status();
  uint64_t key = args.key();
  return MakeGenerator([types = std::move(types).value(), key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    out.AppendString(PickFileType(types, rng).extension);
  });
}

// The media type of the row's file_name when the table has one, else of a file type of the
// field's own category.
Result<std::unique_ptr<ColumnGenerator>> MakeMimeType(const ProviderArgs& args) {
  const FieldSpec* file = args.SiblingWithProvider("file_name");
  Result<std::vector<FileType>> types = FileTypes(file != nullptr ? *file : args.field);
  if (!types.ok()) return types.status();
  uint64_t key = file != nullptr ? args.KeyFor(file->name) : args.key();
  return MakeGenerator([types = std::move(types).value(), key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    out.AppendString(PickFileType(types, rng).mime);
  });
}

Provider ListProvider(std::string name, std::string description, std::string path) {
  return {std::move(name),
          "misc",
          std::move(description),
          "",
          {ColumnType::kString},
          nullptr,
          [path = std::move(path)](const ProviderArgs& a) { return MakeListPick(a, path); }};
}

Provider FileProvider(
    std::string name, std::string description,
    std::function<Result<std::unique_ptr<ColumnGenerator>>(const ProviderArgs&)> make) {
  return {std::move(name),
          "misc",
          std::move(description),
          "options: category (image|document|audio|video|any, default any)",
          {ColumnType::kString},
          nullptr,
          std::move(make),
          nullptr,
          {"category"}};
}

}  // namespace

void RegisterMiscProviders(ProviderRegistry& registry) {
  registry.Add(ListProvider("color_name", "everyday English colour name, e.g. \"teal\"",
                            "en_US/misc_color_names.txt"));
  registry.Add({"hex_color",
                "misc",
                "CSS hex colour \"#rrggbb\", lower case",
                "",
                {ColumnType::kString},
                nullptr,
                MakeHexColor});
  registry.Add({"rgb_color",
                "misc",
                "CSS colour \"rgb(r, g, b)\", each 0-255",
                "",
                {ColumnType::kString},
                nullptr,
                MakeRgbColor});
  registry.Add(FileProvider(
      "file_name", "file name with an extension of its category, e.g. \"annual_report.pdf\"",
      MakeFileName));
  registry.Add(FileProvider("file_extension", "file extension without the dot, e.g. \"png\"",
                            MakeFileExtension));
  registry.Add(FileProvider("mime_type",
                            "IANA media type; matches the row's file_name when the table has "
                            "one (and then follows its category)",
                            MakeMimeType));
  registry.Add(ListProvider("language_code", "ISO 639-1 language code, e.g. \"de\"",
                            "en_US/misc_language_codes.txt"));
  registry.Add(ListProvider("locale_code", "POSIX locale name language_TERRITORY, e.g. \"de_DE\"",
                            "en_US/misc_locale_codes.txt"));
  registry.Add(ListProvider("emoji", "single-code-point emoji, e.g. \"\xF0\x9F\x9A\x80\"",
                            "en_US/misc_emoji.txt"));
}

}  // namespace tdm::gen
