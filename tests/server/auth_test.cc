// TokenStore (issue, authenticate, expire, revoke, concurrency, nothing secret on disk) and every
// cell of the access model.
#include "server/auth.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "core/time_format.h"

namespace tdm::server {
namespace {

using std::chrono::seconds;

class TokenStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tdm_auth_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto store = TokenStore::Open(dir_.string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::make_unique<TokenStore>(std::move(*store));
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  IssuedToken Issue(const std::string& user, Role role, seconds ttl = kSessionTtl,
                    bool standing = false) {
    auto issued = store_->Create(user, role, ttl, standing);
    EXPECT_TRUE(issued.ok()) << issued.status().ToString();
    return issued.ok() ? *issued : IssuedToken{};
  }

  std::filesystem::path dir_;
  std::unique_ptr<TokenStore> store_;
};

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST_F(TokenStoreTest, IssuedSecretAuthenticatesAsItsUserAndRole) {
  IssuedToken issued = Issue("alice", Role::kQa);
  EXPECT_TRUE(std::regex_match(issued.secret, std::regex(R"(tdm_[A-Za-z0-9_-]{43})")))
      << issued.secret;
  EXPECT_TRUE(std::regex_match(issued.info.id, std::regex(R"(tok-[0-9a-f]{12})")));
  EXPECT_EQ(issued.info.kind, "session");
  auto who = store_->Authenticate(issued.secret);
  ASSERT_TRUE(who.ok()) << who.status().ToString();
  EXPECT_EQ(who->id, issued.info.id);
  EXPECT_EQ(who->user, "alice");
  EXPECT_EQ(who->role, Role::kQa);
  EXPECT_EQ(who->expires_at, issued.info.expires_at);
  EXPECT_FALSE(who->revoked);
}

TEST_F(TokenStoreTest, LifetimesFollowTheAccessModel) {
  IssuedToken session = Issue("alice", Role::kDeveloper);
  IssuedToken standing = Issue("alice", Role::kDevops, kStandingTtl, true);
  EXPECT_EQ(standing.info.kind, "standing");
  auto lifetime = [](const TokenInfo& t) {
    return (*ParseDateTime(t.expires_at) - *ParseDateTime(t.created_at)) / kMicrosPerSecond;
  };
  // Both instants are truncated to the second, so the difference may be one second short.
  EXPECT_NEAR(lifetime(session.info), 8 * 3600, 1);
  EXPECT_NEAR(lifetime(standing.info), 7 * 86400, 1);
  auto too_long = store_->Create("alice", Role::kDevops, kStandingTtl + seconds(1), true);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(too_long.status().message().find("7 days"), std::string::npos);
  EXPECT_FALSE(store_->Create("alice", Role::kDevops, seconds(0), false).ok());
  EXPECT_FALSE(store_->Create("", Role::kDevops, seconds(60), false).ok());
}

TEST_F(TokenStoreTest, EverySecretIsDifferent) {
  std::set<std::string> secrets;
  std::set<std::string> ids;
  for (int i = 0; i < 50; ++i) {
    IssuedToken t = Issue("alice", Role::kQa);
    secrets.insert(t.secret);
    ids.insert(t.info.id);
  }
  EXPECT_EQ(secrets.size(), 50u);
  EXPECT_EQ(ids.size(), 50u);
}

TEST_F(TokenStoreTest, ExpiredTokenIsRefused) {
  IssuedToken issued = Issue("alice", Role::kQa, seconds(2));
  ASSERT_TRUE(store_->Authenticate(issued.secret).ok());  // lives more than one second
  int64_t expires = *ParseDateTime(issued.info.expires_at);
  std::this_thread::sleep_for(std::chrono::microseconds(expires - NowMicros() + 50'000));
  auto who = store_->Authenticate(issued.secret);
  ASSERT_FALSE(who.ok());
  EXPECT_EQ(who.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(who.status().message(),
            "token expired at " + issued.info.expires_at + "; create a new one");
  EXPECT_EQ(who.status().message().find(issued.secret), std::string::npos);
}

TEST_F(TokenStoreTest, RevokedTokenIsRefusedAtOnce) {
  IssuedToken keep = Issue("alice", Role::kQa);
  IssuedToken drop = Issue("bob", Role::kDevops);
  ASSERT_TRUE(store_->Authenticate(drop.secret).ok());
  ASSERT_TRUE(store_->Revoke(drop.info.id).ok());
  auto who = store_->Authenticate(drop.secret);
  ASSERT_FALSE(who.ok());
  EXPECT_EQ(who.status().message(), "token revoked");
  EXPECT_TRUE(store_->Authenticate(keep.secret).ok());
  EXPECT_TRUE(store_->Revoke(drop.info.id).ok());  // again: still revoked, no error
  Status unknown = store_->Revoke("tok-000000000000");
  EXPECT_EQ(unknown.code(), StatusCode::kNotFound);
}

TEST_F(TokenStoreTest, RevocationBySecondStoreIsSeenByTheFirst) {
  // The CLI revokes through its own connection while the server keeps its store open.
  IssuedToken issued = Issue("alice", Role::kQa);
  auto other = TokenStore::Open(dir_.string());
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(other->Revoke(issued.info.id).ok());
  EXPECT_FALSE(store_->Authenticate(issued.secret).ok());
  IssuedToken later = [&] {
    auto t = other->Create("carol", Role::kAnalyst, seconds(60), false);
    EXPECT_TRUE(t.ok());
    return *t;
  }();
  EXPECT_TRUE(store_->Authenticate(later.secret).ok());
}

TEST_F(TokenStoreTest, UnknownAndMalformedSecretsAreRefused) {
  IssuedToken issued = Issue("alice", Role::kQa);
  std::string altered = issued.secret;
  altered.back() = altered.back() == 'A' ? 'B' : 'A';
  for (const std::string& secret :
       {altered, std::string(), std::string("tdm_"), issued.secret + "x", issued.secret.substr(4),
        std::string("Bearer ") + issued.secret, issued.info.id}) {
    auto who = store_->Authenticate(secret);
    ASSERT_FALSE(who.ok()) << secret;
    EXPECT_EQ(who.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_EQ(who.status().message(), "unknown token");
  }
}

TEST_F(TokenStoreTest, SecretsAreNotStoredInClear) {
  std::vector<std::string> secrets;
  for (int i = 0; i < 5; ++i) secrets.push_back(Issue("alice", Role::kQa).secret);
  store_.reset();  // checkpoints the WAL into the database file
  std::string bytes;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    bytes += text.str();
  }
  ASSERT_NE(bytes.find("alice"), std::string::npos);  // the check does read the store's files
  for (const std::string& secret : secrets) {
    EXPECT_EQ(bytes.find(secret), std::string::npos);
    EXPECT_EQ(bytes.find(secret.substr(4)), std::string::npos);  // nor its random part
  }
  EXPECT_EQ(std::filesystem::status(dir_ / "tokens.db").permissions() &
                (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
}

TEST_F(TokenStoreTest, ListShowsEveryTokenWithoutSecrets) {
  IssuedToken a = Issue("alice", Role::kQa);
  IssuedToken b = Issue("bob", Role::kAnalyst, kStandingTtl, true);
  ASSERT_TRUE(store_->Revoke(a.info.id).ok());
  auto all = store_->List();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  std::set<std::string> ids = {(*all)[0].id, (*all)[1].id};
  EXPECT_EQ(ids, (std::set<std::string>{a.info.id, b.info.id}));
  for (const TokenInfo& t : *all) {
    EXPECT_EQ(t.revoked, t.id == a.info.id);
    EXPECT_EQ(t.kind, t.id == b.info.id ? "standing" : "session");
    EXPECT_EQ(t.role, t.id == b.info.id ? Role::kAnalyst : Role::kQa);
  }
}

TEST_F(TokenStoreTest, ConcurrentAuthenticationFromManyThreads) {
  std::vector<IssuedToken> issued;
  for (int i = 0; i < 8; ++i) issued.push_back(Issue("user" + std::to_string(i), Role::kQa));
  std::atomic<int> wrong{0};
  constexpr int kThreads = 8;
  constexpr int kRounds = 300;
  int64_t start = NowMicros();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        const IssuedToken& mine = issued[(t + i) % issued.size()];
        auto who = store_->Authenticate(mine.secret);
        if (!who.ok() || who->user != mine.info.user || who->id != mine.info.id) ++wrong;
        if (store_->Authenticate(mine.secret.substr(0, 46) + "!").ok()) ++wrong;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  // One lookup costs tens of microseconds. The mean over all of them (wall time, so it includes
  // waiting for the lock) stays well under a millisecond even on a busy machine; a single worst
  // case would only measure the scheduler.
  int64_t mean_us = (NowMicros() - start) / (kThreads * kRounds * 2);
  EXPECT_LT(mean_us, 1000);
}

TEST(RoleTest, NamesRoundTripAndProductIsRefused) {
  for (Role role : {Role::kQa, Role::kDeveloper, Role::kDevops, Role::kAnalyst}) {
    auto parsed = ParseRole(RoleName(role));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, role);
  }
  EXPECT_EQ(*ParseRole("DevOps"), Role::kDevops);
  auto product = ParseRole("product");
  ASSERT_FALSE(product.ok());
  EXPECT_EQ(product.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(product.status().message().find("no access"), std::string::npos);
  auto unknown = ParseRole("admin");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("qa, developer, devops, analyst"), std::string::npos);
}

// The access model, cell by cell. "own" is an execution alice requested; "other" one bob did.
struct Cell {
  Role role;
  Action action;
  std::string environment;
  std::string requested_by;
  bool allowed;
};

std::string Describe(const Cell& c) {
  return std::string(RoleName(c.role)) + " action " + std::to_string(static_cast<int>(c.action)) +
         " env '" + c.environment + "' requested_by '" + c.requested_by + "'";
}

std::vector<Cell> AccessModel() {
  std::vector<Cell> cells;
  const std::vector<std::string> envs = {"local", "ci", "staging", "production"};
  const std::vector<std::string> owners = {"alice", "bob", ""};
  for (Role role : {Role::kQa, Role::kDeveloper, Role::kDevops, Role::kAnalyst}) {
    bool devops = role == Role::kDevops;
    bool analyst = role == Role::kAnalyst;
    for (const std::string& env : envs) {
      bool test_env = env == "local" || env == "ci";
      cells.push_back({role, Action::kProvision, env, "", devops || (!analyst && test_env)});
      for (const std::string& owner : owners) {
        bool own = owner == "alice";
        cells.push_back({role, Action::kCleanup, env, owner, devops || (!analyst && own)});
        bool read = devops || role == Role::kQa || (role == Role::kDeveloper && own);
        cells.push_back({role, Action::kReadExecution, env, owner, read});
      }
    }
    cells.push_back({role, Action::kListExecutions, "", "", true});
    cells.push_back({role, Action::kListDatasets, "", "", true});
    cells.push_back({role, Action::kReadMetrics, "", "", true});
    cells.push_back({role, Action::kReadAudit, "", "", devops});
  }
  return cells;
}

TEST(AccessModelTest, EveryRoleActionEnvironmentAndOwnerCell) {
  std::vector<Cell> cells = AccessModel();
  ASSERT_EQ(cells.size(), 4u * (4 * 7 + 4));
  for (const Cell& c : cells) {
    Principal who{"alice", c.role, "tok-1"};
    std::string reason = Forbidden(who, c.action, c.environment, c.requested_by);
    EXPECT_EQ(reason.empty(), c.allowed) << Describe(c) << ": " << reason;
    if (!reason.empty()) {
      EXPECT_NE(reason.find(RoleName(c.role)), std::string::npos) << reason;
    }
  }
}

TEST(AccessModelTest, ReasonsSayWhatTheRoleMayDo) {
  Principal qa{"alice", Role::kQa, ""};
  EXPECT_NE(Forbidden(qa, Action::kProvision, "production").find("local and ci"),
            std::string::npos);
  EXPECT_NE(Forbidden(qa, Action::kCleanup, "ci", "bob").find("it requested itself"),
            std::string::npos);
  Principal analyst{"carol", Role::kAnalyst, ""};
  EXPECT_NE(Forbidden(analyst, Action::kReadExecution, "ci", "carol").find("aggregates"),
            std::string::npos);
  Principal developer{"dave", Role::kDeveloper, ""};
  EXPECT_NE(Forbidden(developer, Action::kReadAudit).find("devops"), std::string::npos);
  // The owner's name is compared exactly: neither a prefix nor an empty user matches.
  EXPECT_FALSE(Forbidden(developer, Action::kReadExecution, "ci", "dave2").empty());
  Principal nobody{"", Role::kQa, ""};
  EXPECT_FALSE(Forbidden(nobody, Action::kCleanup, "ci", "").empty());
}

TEST(AccessModelTest, ListingScopes) {
  EXPECT_EQ(ExecutionListingScope(Role::kDevops), ListingScope::kAll);
  EXPECT_EQ(ExecutionListingScope(Role::kQa), ListingScope::kAll);
  EXPECT_EQ(ExecutionListingScope(Role::kDeveloper), ListingScope::kOwn);
  EXPECT_EQ(ExecutionListingScope(Role::kAnalyst), ListingScope::kAggregate);
}

}  // namespace
}  // namespace tdm::server
