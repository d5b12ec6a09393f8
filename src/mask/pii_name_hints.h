// Column-name hints of the PII detector: what a column's name says it holds.
//
// A name is split into its words ("customerEmail", "E_Mail", "IPAddress2", "Prénom" give
// customer/email, e/mail, ip/address/2, prenom), and runs of up to four consecutive words are
// looked up joined ("date_of_birth" and "dateOfBirth" both find "dateofbirth") in a table of hint
// words in English, German, French, Spanish, Italian, Portuguese and Japanese romaji. Whole words
// only: "shipping_rate" holds no "ip", "product_name" no person. Words that describe the attribute
// rather than hold it ("email_verified", "phone_type", "num_phones", "patient_id") cancel the hint,
// and "name" (or "nombre", "nome", "nom") counts as a person's name only next to people words
// ("customer_name", "nombre_cliente") or alone in a people table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tdm::mask::pii {

struct NameHint {
  std::string_view kind;      // a PiiKind name (pii_kinds.h); empty when the name says nothing
  std::string_view language;  // "es", "de", ...; empty for English
  std::string_view meaning;   // the hint word in English, for reasons: "email", "first name"
  bool weak = false;          // the word has other common meanings ("mobile", "card", "health")
  // "name" alone (or "nombre", "nome", "nom"): a person's only in a people table; `kind` is the
  // kind it has then.
  bool generic_name = false;
};

// The words of a column or table name, lower-case ASCII with accents folded.
std::vector<std::string> SplitName(std::string_view name);

// What `column_name` says the column holds.
NameHint FindNameHint(std::string_view column_name);

// Whether `table_name` names people: customers, users, employees, Kunden, clientes, ...
bool IsPeopleTable(std::string_view table_name);

}  // namespace tdm::mask::pii
