// Internet providers: user names and safe emails derived from the row's name, domain and host
// names, URLs, slugs, User-Agent strings and password hashes. Network addresses (ipv4, ipv6,
// mac_address) live in internet_network.cc and User-Agent assembly in internet_user_agent.cc.
#include <array>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "gen/provider_registry.h"
#include "gen/providers/internet_names.h"
#include "gen/providers/internet_network.h"
#include "gen/providers/internet_user_agent.h"
#include "gen/providers/provider_util.h"
#include "gen/rng.h"
#include "gen/word_lists.h"

namespace tdm::gen {
namespace {

using WordListRef = const std::vector<std::string_view>*;

// Domains reserved for documentation (RFC 2606): mail to them never reaches anyone.
constexpr std::array<std::string_view, 3> kSafeEmailDomains = {"example.com", "example.org",
                                                               "example.net"};

constexpr std::array<std::string_view, 18> kHostRoles = {
    "www", "mail", "api",  "app",   "web",  "db",   "cache", "cdn", "ns",
    "vpn", "git",  "auth", "proxy", "node", "smtp", "files", "ci",  "static"};

std::optional<uint64_t> Unbounded(const FieldSpec& /*field*/) {
  return std::numeric_limits<uint64_t>::max();
}

Result<std::unique_ptr<ColumnGenerator>> MakeUsername(const ProviderArgs& args) {
  RowNameSource names(args);
  uint64_t key = args.key();
  bool unique = args.field.unique;
  return MakeGenerator([names, key, unique](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    AppendUserName(names.At(row), rng, row, unique, out.arena());
    out.CommitString();
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeSafeEmail(const ProviderArgs& args) {
  RowNameSource names(args);
  uint64_t key = args.key();
  bool unique = args.field.unique;
  return MakeGenerator([names, key, unique](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    std::string& a = out.arena();
    AppendUserName(names.At(row), rng, row, unique, a);
    a.push_back('@');
    a.append(kSafeEmailDomains[rng.Below(kSafeEmailDomains.size())]);
    out.CommitString();
  });
}

// A registrable domain: one or two words, sometimes hyphenated, under a TLD (.com half the time).
struct DomainParts {
  WordListRef words = &WordList("en_US/words.txt");
  WordListRef tlds = &WordList("en_US/internet_tlds.txt");

  void Append(RowRng& rng, std::string& a) const {
    a.append((*words)[rng.Below(words->size())]);
    uint64_t form = rng.Below(4);
    if (form != 0) {
      if (form == 1) a.push_back('-');
      a.append((*words)[rng.Below(words->size())]);
    }
    a.push_back('.');
    a.append(rng.Chance(1, 2) ? std::string_view("com") : (*tlds)[rng.Below(tlds->size())]);
  }
};

// A host: a role, often numbered, under a domain, e.g. "db-02.harbor-field.io".
void AppendHostname(const DomainParts& domain, RowRng& rng, std::string& a) {
  a.append(kHostRoles[rng.Below(kHostRoles.size())]);
  uint64_t numbering = rng.Below(3);
  if (numbering == 1) {
    AppendInt(rng.Between(1, 9), a);
  } else if (numbering == 2) {
    a.push_back('-');
    uint64_t n = static_cast<uint64_t>(rng.Between(1, 99));
    a.push_back(static_cast<char>('0' + n / 10));
    a.push_back(static_cast<char>('0' + n % 10));
  }
  a.push_back('.');
  domain.Append(rng, a);
}

Result<std::unique_ptr<ColumnGenerator>> MakeDomainName(const ProviderArgs& args) {
  uint64_t key = args.key();
  return MakeGenerator([domain = DomainParts{}, key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    domain.Append(rng, out.arena());
    out.CommitString();
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeHostname(const ProviderArgs& args) {
  uint64_t key = args.key();
  return MakeGenerator([domain = DomainParts{}, key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    AppendHostname(domain, rng, out.arena());
    out.CommitString();
  });
}

void AppendSlug(WordListRef words, RowRng& rng, std::string& a) {
  auto count = rng.Between(2, 5);
  for (int64_t i = 0; i < count; ++i) {
    if (i != 0) a.push_back('-');
    a.append((*words)[rng.Below(words->size())]);
  }
}

Result<std::unique_ptr<ColumnGenerator>> MakeSlug(const ProviderArgs& args) {
  uint64_t key = args.key();
  WordListRef words = &WordList("en_US/words.txt");
  return MakeGenerator([words, key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    AppendSlug(words, rng, out.arena());
    out.CommitString();
  });
}

// scheme://[www.]domain/path, where the path is a section, a slug page, a dated post or a query.
Result<std::unique_ptr<ColumnGenerator>> MakeUrl(const ProviderArgs& args) {
  std::string scheme = args.field.Option("scheme", "https");
  if (scheme != "http" && scheme != "https") {
    return Status(StatusCode::kSpecError,
                  "url option scheme '" + scheme + "' is not one of http, https", args.field.where);
  }
  scheme += "://";
  uint64_t key = args.key();
  return MakeGenerator([domain = DomainParts{}, scheme, key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    std::string& a = out.arena();
    a.append(scheme);
    if (rng.Chance(1, 2)) a.append("www.");
    domain.Append(rng, a);
    a.push_back('/');
    const auto& words = *domain.words;
    switch (rng.Below(5)) {
      case 0:  // the home page
        break;
      case 1:
        a.append(words[rng.Below(words.size())]).push_back('/');
        AppendSlug(&words, rng, a);
        break;
      case 2:
        AppendSlug(&words, rng, a);
        a.append(".html");
        break;
      case 3:
        a.append("blog/");
        AppendInt(rng.Between(2015, 2025), a);
        a.push_back('/');
        AppendSlug(&words, rng, a);
        break;
      default:
        a.append(words[rng.Below(words.size())]).append("?id=");
        AppendInt(rng.Between(1, 99999), a);
        break;
    }
    out.CommitString();
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeUserAgent(const ProviderArgs& args) {
  uint64_t key = args.key();
  return MakeGenerator([key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    AppendUserAgent(rng, out.arena());
    out.CommitString();
  });
}

// passlib's "adapted base64": the standard alphabet with '.' for '+', no padding.
void AppendAb64(const uint8_t* bytes, size_t n, std::string& a) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./";
  for (size_t i = 0; i < n; i += 3) {
    uint32_t chunk = uint32_t{bytes[i]} << 16;
    if (i + 1 < n) chunk |= uint32_t{bytes[i + 1]} << 8;
    if (i + 2 < n) chunk |= bytes[i + 2];
    size_t chars = n - i >= 3 ? 4 : n - i + 1;
    for (size_t c = 0; c < chars; ++c) a.push_back(kAlphabet[(chunk >> (18 - 6 * c)) & 0x3F]);
  }
}

// passlib's pbkdf2_sha256 modular-crypt form with its default 29000 rounds, a 16-byte salt and a
// 32-byte checksum. Both are random bytes of the row: no key stretching runs, so the hash has
// the right shape but no password verifies against it.
Result<std::unique_ptr<ColumnGenerator>> MakePasswordHash(const ProviderArgs& args) {
  uint64_t key = args.key();
  return MakeGenerator([key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    std::array<uint8_t, 48> bytes{};
    for (size_t i = 0; i < bytes.size(); i += 8) {
      uint64_t draw = rng.Next();
      for (size_t b = 0; b < 8; ++b) bytes[i + b] = static_cast<uint8_t>(draw >> (8 * b));
    }
    std::string& a = out.arena();
    a.append("$pbkdf2-sha256$29000$");
    AppendAb64(bytes.data(), 16, a);
    a.push_back('$');
    AppendAb64(bytes.data() + 16, 32, a);
    out.CommitString();
  });
}

Provider StringProvider(
    std::string name, std::string description,
    std::function<Result<std::unique_ptr<ColumnGenerator>>(const ProviderArgs&)> make) {
  return {std::move(name),       "internet", std::move(description), "",
          {ColumnType::kString}, nullptr,    std::move(make)};
}

}  // namespace

void RegisterInternetProviders(ProviderRegistry& registry) {
  registry.Add({"username",
                "internet",
                "lower-case login derived from the row's name (full_name, first_name or "
                "last_name), e.g. \"maria.lopez42\"; unique adds the row number",
                "unique",
                {ColumnType::kString},
                Unbounded,
                MakeUsername});
  registry.Add({"safe_email",
                "internet",
                "address derived from the row's name, only at example.com/.org/.net (RFC 2606); "
                "unique adds the row number",
                "unique",
                {ColumnType::kString},
                Unbounded,
                MakeSafeEmail});
  registry.Add(StringProvider("domain_name",
                              "domain of one or two English words under a common TLD, e.g. "
                              "\"bright-harbor.io\"",
                              MakeDomainName));
  registry.Add(StringProvider("hostname",
                              "host name of a role under a domain, e.g. \"db-02.stone-field.com\"",
                              MakeHostname));
  registry.Add(
      {"url",
       "internet",
       "absolute URL with a path, e.g. \"https://www.mapleline.com/blog/2023/quiet-river\"",
       "options: scheme (http|https, default https)",
       {ColumnType::kString},
       nullptr,
       MakeUrl,
       nullptr,
       {"scheme"}});
  registry.Add(StringProvider(
      "slug", "2 to 5 lower-case words joined by hyphens, e.g. \"quiet-river-road\"", MakeSlug));
  registry.Add(StringProvider("user_agent",
                              "browser User-Agent of a recent Chrome, Safari, Edge or Firefox on "
                              "a platform it ships for",
                              MakeUserAgent));
  registry.Add(
      StringProvider("password_hash",
                     "passlib-style PBKDF2-SHA256 hash \"$pbkdf2-sha256$29000$<salt>$<checksum>\"; "
                     "format-valid, but does not verify against any password",
                     MakePasswordHash));
  RegisterNetworkAddressProviders(registry);
}

}  // namespace tdm::gen
