// ipv4, ipv6 and mac_address. Addresses are drawn with a fixed number of draws per value: an
// allowed address space is a short list of intervals, and a uniform index into their total size
// is mapped to an address, so no rejection loop is needed to avoid reserved ranges.
#include "gen/providers/internet_network.h"

#include <array>
#include <string_view>
#include <vector>

#include "gen/providers/provider_util.h"
#include "gen/rng.h"

namespace tdm::gen {
namespace {

struct Ipv4Block {
  uint32_t base;
  int prefix;
  uint64_t size() const { return uint64_t{1} << (32 - prefix); }
};

constexpr uint32_t Ip(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

// Unicast space that is not globally reachable (IANA IPv4 special-purpose registry), plus
// 100.64.0.0/10 (carrier-grade NAT) and the deprecated 6to4 relay, in address order.
constexpr std::array<Ipv4Block, 12> kNonPublic = {{
    {Ip(10, 0, 0, 0), 8},
    {Ip(100, 64, 0, 0), 10},
    {Ip(127, 0, 0, 0), 8},
    {Ip(169, 254, 0, 0), 16},
    {Ip(172, 16, 0, 0), 12},
    {Ip(192, 0, 0, 0), 24},
    {Ip(192, 0, 2, 0), 24},
    {Ip(192, 88, 99, 0), 24},
    {Ip(192, 168, 0, 0), 16},
    {Ip(198, 18, 0, 0), 15},
    {Ip(198, 51, 100, 0), 24},
    {Ip(203, 0, 113, 0), 24},
}};

// RFC 1918 private blocks with how often each is drawn (per 100): home networks favour
// 192.168/16, companies 10/8.
constexpr std::array<Ipv4Block, 3> kPrivate = {{
    {Ip(10, 0, 0, 0), 8},
    {Ip(172, 16, 0, 0), 12},
    {Ip(192, 168, 0, 0), 16},
}};
constexpr std::array<uint64_t, 3> kPrivateShare = {40, 20, 40};

struct Interval {
  uint64_t first;
  uint64_t size;
};

// 1.0.0.0 .. 223.255.255.255 (below multicast and the reserved class E) without kNonPublic.
std::vector<Interval> PublicIntervals() {
  std::vector<Interval> out;
  uint64_t next = Ip(1, 0, 0, 0);
  for (const Ipv4Block& b : kNonPublic) {
    if (b.base > next) out.push_back({next, b.base - next});
    next = b.base + b.size();
  }
  out.push_back({next, uint64_t{Ip(224, 0, 0, 0)} - next});
  return out;
}

class Ipv4Space {
 public:
  Ipv4Space() : public_(PublicIntervals()) {
    for (const Interval& i : public_) public_size_ += i.size;
  }

  uint32_t Public(RowRng& rng) const {
    uint64_t index = rng.Below(public_size_);
    for (const Interval& i : public_) {
      if (index < i.size) return static_cast<uint32_t>(i.first + index);
      index -= i.size;
    }
    return static_cast<uint32_t>(public_.back().first);  // unreachable
  }

  static uint32_t Private(RowRng& rng) {
    uint64_t pick = rng.Below(100);
    size_t block = 0;
    while (pick >= kPrivateShare[block]) pick -= kPrivateShare[block++];
    return static_cast<uint32_t>(kPrivate[block].base + rng.Below(kPrivate[block].size()));
  }

 private:
  std::vector<Interval> public_;
  uint64_t public_size_ = 0;
};

void AppendIpv4(uint32_t ip, std::string& a) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    AppendInt((ip >> shift) & 0xFF, a);
    if (shift != 0) a.push_back('.');
  }
}

Status BadOption(const ProviderArgs& args, std::string_view option, std::string_view value,
                 std::string_view accepted) {
  return Status(StatusCode::kSpecError,
                args.field.provider + " option " + std::string(option) + " '" + std::string(value) +
                    "' is not one of " + std::string(accepted),
                args.field.where);
}

Result<std::unique_ptr<ColumnGenerator>> MakeIpv4(const ProviderArgs& args) {
  std::string kind = args.field.Option("kind", "public");
  // Share of public addresses, per 100.
  uint64_t public_share = 0;
  if (kind == "public") {
    public_share = 100;
  } else if (kind == "any") {
    public_share = 80;
  } else if (kind != "private") {
    return BadOption(args, "kind", kind, "public, private, any");
  }
  Ipv4Space space;
  uint64_t key = args.key();
  return MakeGenerator([space, key, public_share](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    bool is_public = rng.Below(100) < public_share;
    AppendIpv4(is_public ? space.Public(rng) : Ipv4Space::Private(rng), out.arena());
    out.CommitString();
  });
}

// First groups of the /12 blocks IANA allocated to the regional registries (APNIC, ARIN, LACNIC,
// RIPE NCC, AFRINIC); with 2001::/16 they hold nearly all routed IPv6 space.
constexpr std::array<uint64_t, 5> kRirBlocks = {0x2400, 0x2600, 0x2800, 0x2a00, 0x2c00};

// A global unicast address in 2000::/3, in 2001::/16 or a registry's /12, avoiding the parts of
// 2001::/16 that are not globally reachable: 2001::/23 (IETF protocol assignments) and
// 2001:db8::/32 (documentation). Interface identifiers mix random, small (::1-style) and EUI-64
// forms, so the text often has zero groups to compress, as real addresses do.
Result<std::unique_ptr<ColumnGenerator>> MakeIpv6(const ProviderArgs& args) {
  uint64_t key = args.key();
  return MakeGenerator([key](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    uint64_t block = rng.Below(kRirBlocks.size() + 1);
    uint64_t g0 = block == 0 ? 0x2001 : kRirBlocks[block - 1] + rng.Below(16);
    uint64_t g1 = rng.Next() & 0xFFFF;
    if (g0 == 0x2001) {
      g1 = static_cast<uint64_t>(rng.Between(0x0200, 0xfffe));
      if (g1 >= 0x0db8) ++g1;
    }
    uint64_t g2 = rng.Chance(1, 10) ? 0 : rng.Next() & 0xFFFF;
    uint64_t g3 = 0;
    switch (rng.Below(4)) {
      case 0:
        g3 = rng.Next() & 0xFFFF;
        break;
      case 1:
        g3 = static_cast<uint64_t>(rng.Between(1, 0xff));
        break;
      default:
        break;
    }
    uint64_t hi = (g0 << 48) | (g1 << 32) | (g2 << 16) | g3;
    uint64_t lo = 0;
    switch (rng.Below(10)) {
      case 0:
      case 1:
      case 2:
        lo = static_cast<uint64_t>(rng.Between(1, 0xffff));
        break;
      case 3:
      case 4:
      case 5:
        lo = (rng.Next() & 0xFDFFFF0000FFFFFFULL) | 0x000000FFFE000000ULL;
        break;
      default:
        lo = rng.Next();
        break;
    }
    AppendIpv6(hi, lo, out.arena());
    out.CommitString();
  });
}

Result<std::unique_ptr<ColumnGenerator>> MakeMac(const ProviderArgs& args) {
  std::string kind = args.field.Option("kind", "universal");
  if (kind != "universal" && kind != "local") {
    return BadOption(args, "kind", kind, "universal, local");
  }
  // First octet: bit 0 clear (unicast), bit 1 clear for a universally administered address and
  // set for a locally administered one.
  uint64_t set_bits = kind == "local" ? 0x02 : 0x00;
  uint64_t key = args.key();
  return MakeGenerator([key, set_bits](int64_t row, Column& out) {
    RowRng rng(key, static_cast<uint64_t>(row));
    uint64_t bits = rng.Next();
    std::string& a = out.arena();
    for (int i = 0; i < 6; ++i) {
      uint64_t octet = (bits >> (8 * i)) & 0xFF;
      if (i == 0) octet = (octet & 0xFC) | set_bits;
      if (i != 0) a.push_back(':');
      AppendHex(octet, 2, a);
    }
    out.CommitString();
  });
}

}  // namespace

void AppendIpv6(uint64_t hi, uint64_t lo, std::string& out) {
  std::array<uint64_t, 8> groups{};
  for (int i = 0; i < 4; ++i) {
    groups[static_cast<size_t>(i)] = (hi >> (48 - 16 * i)) & 0xFFFF;
    groups[static_cast<size_t>(i + 4)] = (lo >> (48 - 16 * i)) & 0xFFFF;
  }
  int best_start = -1;
  int best_len = 1;  // a single zero group is not compressed
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && groups[static_cast<size_t>(j)] == 0) ++j;
    if (j - i > best_len) {
      best_start = i;
      best_len = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out.append("::");
      i += best_len - 1;
      continue;
    }
    if (i != 0 && i != best_start + best_len) out.push_back(':');
    uint64_t g = groups[static_cast<size_t>(i)];
    int digits = g >= 0x1000 ? 4 : g >= 0x100 ? 3 : g >= 0x10 ? 2 : 1;
    AppendHex(g, digits, out);
  }
}

void RegisterNetworkAddressProviders(ProviderRegistry& registry) {
  registry.Add({"ipv4",
                "internet",
                "dotted-quad IPv4 address; kind public (default) avoids private, shared and "
                "reserved ranges, private is RFC 1918, any mixes both",
                "options: kind (public|private|any)",
                {ColumnType::kString},
                nullptr,
                MakeIpv4,
                nullptr,
                {"kind"}});
  registry.Add({"ipv6",
                "internet",
                "global unicast IPv6 address in 2000::/3 (no documentation or 6to4 blocks), "
                "in compressed RFC 5952 form",
                "",
                {ColumnType::kString},
                nullptr,
                MakeIpv6});
  registry.Add({"mac_address",
                "internet",
                "unicast MAC address, lower-case and colon separated, e.g. 3c:22:fb:0a:91:5e",
                "options: kind (universal|local)",
                {ColumnType::kString},
                nullptr,
                MakeMac,
                nullptr,
                {"kind"}});
}

}  // namespace tdm::gen
