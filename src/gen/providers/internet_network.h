// Network address providers of the internet group: ipv4, ipv6 and mac_address.
#pragma once

#include <cstdint>
#include <string>

#include "gen/provider_registry.h"

namespace tdm::gen {

// Registers ipv4, ipv6 and mac_address; called by RegisterInternetProviders.
void RegisterNetworkAddressProviders(ProviderRegistry& registry);

// Appends the RFC 5952 text of a 128-bit address: lower-case hex without leading zeros, the
// first longest run of two or more zero groups written "::" (the form Python's ipaddress prints).
void AppendIpv6(uint64_t hi, uint64_t lo, std::string& out);

}  // namespace tdm::gen
