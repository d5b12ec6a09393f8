#include "spec/model_hash.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include "spec/resolver.h"

namespace tdm::spec {

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

namespace {

// "-" for an unset bound, so that "no bound" and "bound 0" hash differently.
template <typename T>
std::string Opt(const std::optional<T>& value) {
  return value ? fmt::format("{}", *value) : "-";
}

}  // namespace

std::string HashModel(const ResolvedSpec& spec) {
  std::string text =
      fmt::format("seed={} generator={} reference_time={} locale={}\n", spec.context.seed,
                  spec.context.generator_version, spec.context.reference_time, spec.locale);
  for (const ResolvedEnvironment& e : spec.environments) {
    text += fmt::format("env {} volume={} masking={}\n", e.name, e.volume.value_or(-1), e.masking);
  }
  for (const auto& [field, strategy] : spec.masking)
    text += "mask " + field + "=" + strategy + "\n";
  // Fields masked at generation take their keys and options from the policy file, so those are
  // part of the version (hashed, never shown).
  bool masks = false;
  for (const ResolvedDataset& d : spec.datasets) {
    for (const gen::FieldSpec& f : d.fields) masks = masks || !f.masked.empty();
  }
  if (masks && spec.masking_policy) {
    const MaskingPolicyDocument& p = *spec.masking_policy;
    auto rule_text = [](const MaskingRule& r) {
      return fmt::format(
          "rule {:?} {} salt={:?} env={:?} repl={:?} provider={:?} locale={:?} "
          "last={}/{} len={} spread={} days={}\n",
          r.field, r.strategy, r.salt.value_or(""), r.key_env.value_or(""),
          r.replacement.value_or(""), r.faker_provider.value_or(""), r.locale.value_or(""),
          r.show_last_4, r.show_last.value_or(-1), r.length.value_or(-1), r.spread.value_or(-1),
          r.max_days.value_or(-1));
    };
    if (p.default_rule) text += "default " + rule_text(*p.default_rule);
    for (const MaskingRule& r : p.rules) text += rule_text(r);
    for (const std::string& f : p.pii_fields) text += "pii " + f + "\n";
  }
  for (const ResolvedDataset& d : spec.datasets) {
    text += fmt::format("dataset {} volume={}", d.name, d.volume.value_or(-1));
    for (const auto& [env, v] : d.env_volumes) text += fmt::format(" {}={}", env, v);
    text += "\n";
    for (const gen::FieldSpec& f : d.fields) {
      text += fmt::format(
          " field {} type={} provider={} locale={} unique={} pk={} required={} null={} "
          "int=[{},{}] float=[{},{}] decimals={} pattern={} seq={}/{} true={} words={}/{}",
          f.name, ColumnTypeName(f.type), f.provider, f.locale, f.unique, f.primary_key, f.required,
          f.null_rate, Opt(f.int_min), Opt(f.int_max), Opt(f.float_min), Opt(f.float_max),
          f.decimals, f.pattern ? fmt::format("{:?}", *f.pattern) : "-", f.sequence_start,
          f.sequence_step, f.true_rate, f.min_words, f.max_words);
      for (size_t i = 0; i < f.values.size(); ++i) {
        text += fmt::format(" v={:?}:{}", f.values[i], i < f.weights.size() ? f.weights[i] : 1.0);
      }
      for (const auto& [key, value] : f.options) text += fmt::format(" opt={:?}:{:?}", key, value);
      if (!f.derived.empty()) text += fmt::format(" derived={:?}", f.derived);
      if (!f.masked.empty()) text += " masked=" + f.masked;
      if (f.foreign_key) {
        text += fmt::format(" fk={}.{}:{}..{}", f.foreign_key->table, f.foreign_key->column,
                            f.foreign_key->min_children.value_or(-1),
                            f.foreign_key->max_children.value_or(-1));
      }
      text += "\n";
    }
    for (const IndexSchema& i : d.indexes) {
      text +=
          fmt::format(" index {} unique={} cols={}\n", i.name, i.unique, fmt::join(i.columns, ","));
    }
  }
  return Sha256Hex(text);
}

}  // namespace tdm::spec
