// IBANs and BICs for the countries tdm knows the account layout of (see finance_iban.cc).
#pragma once

#include <array>
#include <string_view>

#include "gen/provider_registry.h"

namespace tdm::gen {

// ISO 3166 codes of the countries with an IBAN layout, in the order listed to users.
inline constexpr std::array<std::string_view, 14> kIbanCountries = {
    "DE", "GB", "FR", "ES", "IT", "NL", "BE", "AT", "CH", "PT", "BR", "PL", "SE", "IE"};

// "DE, GB, ..." for error messages and docs.
std::string IbanCountryList();

// The `iban` provider: option `country` (default DE).
Provider IbanProvider();

}  // namespace tdm::gen
