// MaskingPolicy built from masking-policies.yaml text: which rule wins for a column (table.column,
// column, listed in pii.fields, classification, none), case-insensitive names, the order keys are
// resolved in (and that a missing key's error never shows a key), CheckColumns, and the seed's
// examples/masking-policies.yaml.
#include "mask/policy.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "spec/loader.h"

namespace tdm::mask {
namespace {

// Sets (or, with nullopt, unsets) an environment variable for one scope, restoring it after.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::optional<std::string>& value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str())) old_ = old;
    if (value) {
      setenv(name_.c_str(), value->c_str(), 1);
    } else {
      unsetenv(name_.c_str());
    }
  }
  ~ScopedEnv() {
    if (old_) {
      setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      unsetenv(name_.c_str());
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

// The policy keeps a pointer to its document, so both live here.
struct LoadedPolicy {
  std::unique_ptr<spec::MaskingPolicyDocument> doc;
  std::optional<MaskingPolicy> policy;

  std::optional<MaskRule> For(const std::string& table, const std::string& column,
                              const std::string& classification = "") const {
    auto rule = policy->For(table, column, classification);
    EXPECT_TRUE(rule.ok()) << rule.status().ToString();
    return rule.ok() ? *rule : std::nullopt;
  }
  std::string StrategyFor(const std::string& table, const std::string& column,
                          const std::string& classification = "") const {
    auto rule = For(table, column, classification);
    return rule ? rule->strategy : "(none)";
  }
  std::string KeyFor(const std::string& table, const std::string& column) const {
    auto rule = For(table, column);
    return rule ? rule->key : "(none)";
  }
};

LoadedPolicy Build(const std::string& yaml, const std::map<std::string, std::string>& spec = {}) {
  LoadedPolicy loaded;
  auto doc = spec::ParseMaskingPolicies("masking-policies.yaml", yaml);
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  if (!doc.ok()) return loaded;
  loaded.doc = std::make_unique<spec::MaskingPolicyDocument>(std::move(*doc));
  auto policy = MaskingPolicy::Build(loaded.doc.get(), spec);
  EXPECT_TRUE(policy.ok()) << policy.status().ToString();
  if (policy.ok()) loaded.policy = std::move(*policy);
  return loaded;
}

TableSchema Table(std::string name, std::vector<std::string> columns) {
  TableSchema table;
  table.name = std::move(name);
  for (std::string& c : columns) table.columns.push_back({std::move(c), ColumnType::kString});
  return table;
}

// Every test starts without $TDM_MASKING_KEY, whatever the shell that runs it has.
class MaskingPolicyTest : public ::testing::Test {
 protected:
  ScopedEnv no_masking_key_{"TDM_MASKING_KEY", std::nullopt};
};

constexpr char kPrecedence[] = R"(
policies:
  default:
    strategy: hash
    salt: default-salt
  pii:
    fields: [email, phone, ssn, users.card]
    users.email:
      strategy: fpe
    email:
      strategy: partial
    notes:
      strategy: redact
  red:
    strategy: "null"
  yellow:
    strategy: noise
)";

TEST_F(MaskingPolicyTest, TableColumnRuleBeatsColumnRule) {
  const LoadedPolicy p = Build(kPrecedence);
  EXPECT_EQ(p.StrategyFor("users", "email", "red"), "fpe");
  EXPECT_EQ(p.StrategyFor("orders", "email", "red"), "partial");
}

TEST_F(MaskingPolicyTest, ColumnRuleBeatsListedDefaultAndClassification) {
  const LoadedPolicy p = Build(kPrecedence);
  EXPECT_EQ(p.StrategyFor("orders", "email"), "partial");
  EXPECT_EQ(p.StrategyFor("orders", "notes", "yellow"), "redact");
}

TEST_F(MaskingPolicyTest, ListedFieldWithoutARuleTakesTheDefault) {
  const LoadedPolicy p = Build(kPrecedence);
  auto phone = p.For("users", "phone", "red");
  ASSERT_TRUE(phone);
  EXPECT_EQ(phone->strategy, "hash");
  EXPECT_EQ(phone->key, "default-salt");
  // A `table.column` in fields covers that table's column only.
  EXPECT_EQ(p.StrategyFor("users", "card"), "hash");
  EXPECT_EQ(p.StrategyFor("orders", "card"), "(none)");
}

TEST_F(MaskingPolicyTest, ClassificationRuleCoversDetectedColumnsThatNothingElseCovers) {
  const LoadedPolicy p = Build(kPrecedence);
  EXPECT_EQ(p.StrategyFor("users", "birth_date", "red"), "null");
  EXPECT_EQ(p.StrategyFor("users", "salary", "yellow"), "noise");
  EXPECT_EQ(p.StrategyFor("users", "salary", "green"), "(none)");
  EXPECT_EQ(p.StrategyFor("users", "salary", ""), "(none)");
  EXPECT_EQ(p.StrategyFor("users", "id"), "(none)");
}

TEST_F(MaskingPolicyTest, NamesCompareCaseInsensitively) {
  const LoadedPolicy p = Build(R"(
policies:
  default: {strategy: hash, salt: s}
  pii:
    fields: [Phone, Users.SSN]
    Users.EMail: {strategy: fpe}
    Notes: {strategy: redact}
  red: {strategy: partial}
)");
  EXPECT_EQ(p.StrategyFor("USERS", "email"), "fpe");
  EXPECT_EQ(p.StrategyFor("users", "EMAIL"), "fpe");
  EXPECT_EQ(p.StrategyFor("orders", "NOTES"), "redact");
  EXPECT_EQ(p.StrategyFor("orders", "pHoNe"), "hash");
  EXPECT_EQ(p.StrategyFor("users", "ssn"), "hash");
  EXPECT_EQ(p.StrategyFor("orders", "address", "RED"), "partial");
}

TEST_F(MaskingPolicyTest, RuleWithoutAStrategyTakesTheDefaultOrHash) {
  EXPECT_EQ(Build("policies:\n  default: {strategy: fpe}\n  pii:\n    email: {salt: s}\n")
                .StrategyFor("t", "email"),
            "fpe");
  EXPECT_EQ(Build("policies:\n  pii:\n    email: {salt: s}\n").StrategyFor("t", "email"), "hash");
}

TEST_F(MaskingPolicyTest, RuleOptionsAreResolvedIntoTheMaskRule) {
  const LoadedPolicy p = Build(R"(
policies:
  pii:
    phone: {strategy: redact, replacement: "+1-555-0000"}
    name: {strategy: anonymize, faker_provider: full_name, locale: de_DE, salt: s}
    card: {strategy: hash, show_last_4: true, salt: s}
    iban: {strategy: partial, show_last: 2}
    token: {strategy: hash, length: 20, salt: s}
    salary: {strategy: noise, spread: 0.25, max_days: 7, salt: s}
)");
  auto phone = p.For("t", "phone");
  ASSERT_TRUE(phone);
  EXPECT_EQ(phone->replacement, "+1-555-0000");
  EXPECT_EQ(phone->origin, "masking-policies.yaml:4:12");
  auto name = p.For("t", "name");
  ASSERT_TRUE(name);
  EXPECT_EQ(name->provider, "full_name");
  EXPECT_EQ(name->locale, "de_DE");
  const MaskRule none;
  EXPECT_EQ(p.For("t", "card").value_or(none).show_last, 4);
  EXPECT_EQ(p.For("t", "iban").value_or(none).show_last, 2);
  EXPECT_EQ(p.For("t", "token").value_or(none).length, 20);
  EXPECT_EQ(p.For("t", "token").value_or(none).locale, "en_US");
  EXPECT_EQ(p.For("t", "salary").value_or(none).spread, 0.25);
  EXPECT_EQ(p.For("t", "salary").value_or(none).max_days, 7);
}

// One rule per step of the key order; each step's key must beat every later one.
constexpr char kKeys[] = R"(
policies:
  default:
    strategy: hash
    %DEFAULT%
  pii:
    fields: [listed]
    both: {salt: rule-salt, key_env: TDM_TEST_RULE_KEY}
    from_env: {key_env: TDM_TEST_RULE_KEY}
    plain: {strategy: fpe}
)";

std::string KeysYaml(const std::string& default_keys) {
  std::string yaml = kKeys;
  yaml.replace(yaml.find("%DEFAULT%"), 9, default_keys);
  return yaml;
}

TEST_F(MaskingPolicyTest, KeysResolveInOrderRuleSaltRuleEnvDefaultSaltDefaultEnvMaskingKey) {
  const ScopedEnv rule_key("TDM_TEST_RULE_KEY", "rule-env-key");
  const ScopedEnv default_key("TDM_TEST_DEFAULT_KEY", "default-env-key");
  const ScopedEnv masking_key("TDM_MASKING_KEY", "masking-key");
  {
    const LoadedPolicy p = Build(KeysYaml("salt: default-salt\n    key_env: TDM_TEST_DEFAULT_KEY"));
    EXPECT_EQ(p.KeyFor("t", "both"), "rule-salt");
    EXPECT_EQ(p.KeyFor("t", "from_env"), "rule-env-key");
    EXPECT_EQ(p.KeyFor("t", "plain"), "default-salt");
    EXPECT_EQ(p.KeyFor("t", "listed"), "default-salt");
  }
  {
    const LoadedPolicy p = Build(KeysYaml("key_env: TDM_TEST_DEFAULT_KEY"));
    EXPECT_EQ(p.KeyFor("t", "both"), "rule-salt");
    EXPECT_EQ(p.KeyFor("t", "from_env"), "rule-env-key");
    EXPECT_EQ(p.KeyFor("t", "plain"), "default-env-key");
    EXPECT_EQ(p.KeyFor("t", "listed"), "default-env-key");
  }
  {
    const LoadedPolicy p = Build(KeysYaml("description: no key"));
    EXPECT_EQ(p.KeyFor("t", "plain"), "masking-key");
    EXPECT_EQ(p.KeyFor("t", "listed"), "masking-key");
  }
}

TEST_F(MaskingPolicyTest, NoKeyAnywhereLeavesTheKeyEmpty) {
  const LoadedPolicy p = Build(KeysYaml("description: no key"));
  auto rule = p.For("t", "plain");
  ASSERT_TRUE(rule);
  EXPECT_EQ(rule->key, "");
  EXPECT_FALSE(MakeColumnMasker(*rule, {"plain", ColumnType::kString}).ok());
}

TEST_F(MaskingPolicyTest, KeyEnvNamingAnUnsetVariableIsAnErrorThatShowsNoKey) {
  const ScopedEnv masking_key("TDM_MASKING_KEY", "masking-secret-1234");
  const ScopedEnv unset("TDM_TEST_UNSET_KEY", std::nullopt);
  const ScopedEnv empty("TDM_TEST_EMPTY_KEY", "");
  const LoadedPolicy p = Build(R"(
policies:
  default: {strategy: hash, key_env: TDM_TEST_UNSET_KEY}
  pii:
    fields: [listed]
    email: {strategy: hash, key_env: TDM_TEST_UNSET_KEY}
    phone: {strategy: fpe, key_env: TDM_TEST_EMPTY_KEY}
    ssn: {strategy: fpe, salt: ssn-secret-5678}
)");
  for (const char* column : {"email", "phone", "listed"}) {
    SCOPED_TRACE(column);
    auto rule = p.policy->For("users", column, "");
    ASSERT_FALSE(rule.ok());
    const std::string text = rule.status().ToString();
    EXPECT_NE(
        text.find(column == std::string("phone") ? "TDM_TEST_EMPTY_KEY" : "TDM_TEST_UNSET_KEY"),
        std::string::npos)
        << text;
    EXPECT_EQ(text.find("masking-secret-1234"), std::string::npos) << text;
    EXPECT_EQ(text.find("ssn-secret-5678"), std::string::npos) << text;
  }
  EXPECT_EQ(p.KeyFor("users", "ssn"), "ssn-secret-5678");
}

TEST_F(MaskingPolicyTest, CheckColumnsRejectsATableColumnRuleForAMissingTable) {
  const LoadedPolicy p = Build("policies:\n  pii:\n    user.email: {strategy: hash}\n");
  auto checked = p.policy->CheckColumns({Table("users", {"email"}), Table("orders", {"total"})});
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), StatusCode::kSpecError);
  EXPECT_NE(checked.status().message().find("user.email"), std::string::npos);
  EXPECT_NE(checked.status().message().find("did you mean 'users'"), std::string::npos)
      << checked.status().message();
  ASSERT_TRUE(checked.status().where());
  EXPECT_EQ(checked.status().where()->line, 3);
}

TEST_F(MaskingPolicyTest, CheckColumnsRejectsATableColumnRuleForAMissingColumn) {
  const LoadedPolicy p = Build("policies:\n  pii:\n    Users.emial: {strategy: hash}\n");
  auto checked = p.policy->CheckColumns({Table("users", {"id", "email"})});
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), StatusCode::kSpecError);
  EXPECT_NE(checked.status().message().find("did you mean 'email'"), std::string::npos)
      << checked.status().message();
}

TEST_F(MaskingPolicyTest, CheckColumnsRejectsAListedTableColumnThatDoesNotExist) {
  const LoadedPolicy p = Build("policies:\n  pii:\n    fields: [users.phone]\n");
  auto checked = p.policy->CheckColumns({Table("users", {"id", "email"})});
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), StatusCode::kSpecError);
}

TEST_F(MaskingPolicyTest, CheckColumnsReportsUnmatchedPlainNames) {
  const LoadedPolicy p = Build(R"(
policies:
  pii:
    fields: [email, fax]
    Phone: {strategy: redact}
    USERS.Email: {strategy: hash}
  red: {strategy: redact}
)");
  auto checked = p.policy->CheckColumns({Table("Users", {"EMAIL", "phone"})});
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  EXPECT_EQ(*checked, std::vector<std::string>{"fax"});
}

TEST_F(MaskingPolicyTest, PolicyFileRuleBeatsTheDataSpecsMaskingPolicies) {
  const ScopedEnv masking_key("TDM_MASKING_KEY", "masking-key");
  const LoadedPolicy p = Build("policies:\n  pii:\n    email: {strategy: fpe, salt: s}\n",
                               {{"EMAIL", "redact"}, {"phone", "partial"}});
  EXPECT_EQ(p.StrategyFor("t", "email"), "fpe");
  auto phone = p.For("t", "phone");
  ASSERT_TRUE(phone);
  EXPECT_EQ(phone->strategy, "partial");
  EXPECT_EQ(phone->key, "masking-key");
  EXPECT_EQ(phone->origin, "data-spec.yaml masking_policies");
}

TEST_F(MaskingPolicyTest, NoDocumentMeansTheDataSpecRulesOnly) {
  auto policy = MaskingPolicy::Build(nullptr, {});
  ASSERT_TRUE(policy.ok());
  EXPECT_TRUE(policy->empty());
  auto rule = policy->For("users", "email", "red");
  ASSERT_TRUE(rule.ok());
  EXPECT_FALSE(*rule);
}

TEST_F(MaskingPolicyTest, SeedPolicyFileLoadsAndResolves) {
  auto doc =
      spec::LoadMaskingPolicies(std::string(TDM_SOURCE_DIR) + "/examples/masking-policies.yaml");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  LoadedPolicy p;
  p.doc = std::make_unique<spec::MaskingPolicyDocument>(std::move(*doc));
  auto built = MaskingPolicy::Build(p.doc.get(), {});
  ASSERT_TRUE(built.ok());
  p.policy = std::move(*built);

  auto email = p.For("users", "email");
  ASSERT_TRUE(email);
  EXPECT_EQ(email->strategy, "hash");
  EXPECT_EQ(email->key, "email_salt_9876");
  auto phone = p.For("users", "phone");
  ASSERT_TRUE(phone);
  EXPECT_EQ(phone->strategy, "redact");
  EXPECT_EQ(phone->replacement, "+1-555-0000");
  auto ssn = p.For("users", "ssn");
  ASSERT_TRUE(ssn);
  EXPECT_EQ(ssn->strategy, "hash");
  EXPECT_EQ(ssn->key, "ssn_salt_5555");
  auto name = p.For("users", "full_name");
  ASSERT_TRUE(name);
  EXPECT_EQ(name->strategy, "anonymize");
  EXPECT_EQ(name->provider, "name");
  EXPECT_EQ(name->key, "default_salt_12345");
  auto card = p.For("users", "credit_card");
  ASSERT_TRUE(card);
  EXPECT_EQ(card->strategy, "hash");
  EXPECT_EQ(card->show_last, 4);
  EXPECT_EQ(card->key, "default_salt_12345");
  EXPECT_EQ(p.StrategyFor("users", "id"), "(none)");

  EXPECT_TRUE(p.doc->log_masking_operations);
  EXPECT_EQ(p.doc->audit_encryption, "AES-256");
  EXPECT_EQ(p.doc->regulatory["GDPR"]["data_retention_days"], "30");
  EXPECT_EQ(p.doc->phi_fields,
            (std::vector<std::string>{"medical_record_id", "diagnosis", "medication"}));
  auto checked = p.policy->CheckColumns(
      {Table("users", {"id", "email", "phone", "ssn", "credit_card", "full_name"})});
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  EXPECT_TRUE(checked->empty());
}

// The seed names Faker's `name` provider for full_name; masking a text column with every rule of
// the seed must work.
TEST_F(MaskingPolicyTest, SeedPolicyRulesBuildMaskersForTextColumns) {
  auto doc =
      spec::LoadMaskingPolicies(std::string(TDM_SOURCE_DIR) + "/examples/masking-policies.yaml");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  auto policy = MaskingPolicy::Build(&*doc, {});
  ASSERT_TRUE(policy.ok());
  for (const char* column : {"email", "phone", "ssn", "credit_card", "full_name"}) {
    SCOPED_TRACE(column);
    auto rule = policy->For("users", column, "");
    ASSERT_TRUE(rule.ok() && *rule);
    auto masker = MakeColumnMasker(**rule, {column, ColumnType::kString});
    EXPECT_TRUE(masker.ok()) << masker.status().ToString();
  }
}

}  // namespace
}  // namespace tdm::mask
