// Pages (notify/page.hpp) and ack links (notify/ack_link.hpp): text wrapped at 78 columns, the
// methods a priority uses, who an event pages, and links that are refused when forged, expired or
// used.
#include "hypercare/notify/page.hpp"

#include <gtest/gtest.h>

#include "hypercare/notify/ack_link.hpp"

namespace hypercare::notify {
namespace {

using config::ContactMethod;
using config::Priority;

TEST(WrapText, BreaksBetweenWordsAtTheWidthAndKeepsLongWordsWhole) {
  EXPECT_EQ(wrap_text("aaa bbb ccc", 7), "aaa bbb\nccc");
  EXPECT_EQ(wrap_text("one\n\ntwo three", 5), "one\n\ntwo\nthree");
  std::string url = "https://hypercare.example.org/ack/INC-20261127-7K2M?m=dev1&exp=1&sig=0123456789abcdef";
  EXPECT_EQ(wrap_text("Acknowledge: " + url, 78), "Acknowledge:\n" + url);
  EXPECT_EQ(wrap_text("é é é", 3), "é é\né") << "columns are code points, not bytes";
}

TEST(MethodsFor, APriorityTableNarrowsWhatThePersonHas) {
  config::Person p;
  p.id = "dev1";
  p.email = "dev1@example.com";
  p.slack = "U0123ABCD";
  config::PagingConfig paging;
  EXPECT_EQ(methods_for(paging, Priority::P1, p), (std::vector{ContactMethod::email, ContactMethod::slack}));
  paging.methods[0] = std::vector{ContactMethod::ntfy, ContactMethod::slack};
  EXPECT_EQ(methods_for(paging, Priority::P1, p), (std::vector{ContactMethod::slack})) << "no ntfy topic: not by ntfy";
  paging.methods[1] = std::vector<ContactMethod>{};
  EXPECT_TRUE(methods_for(paging, Priority::P2, p).empty());
  EXPECT_EQ(methods_for(paging, std::nullopt, p).size(), 2u) << "no priority (a shift notice): every method";
}

TEST(AckLink, OnlyTheSignedIncidentMemberAndExpiryPassAndOnlyUntilItExpires) {
  auto exp = core::TimePoint(std::chrono::sys_days(std::chrono::year{2026} / 11 / 27)) + std::chrono::hours(4);
  auto url = ack_url("https://h.example", "k3y", "INC-20261127-7K2M", "dev 1", exp);
  ASSERT_TRUE(url);
  EXPECT_TRUE(url->starts_with("https://h.example/ack/INC-20261127-7K2M?m=dev%201&exp=1795752000&sig=")) << *url;
  std::string sig = url->substr(url->size() - 64);
  AckLink link{"INC-20261127-7K2M", "dev 1", 1795752000, sig};
  auto before = exp - std::chrono::minutes(1);
  EXPECT_EQ(*check_link("k3y", link, before, false), LinkVerdict::ok);
  EXPECT_EQ(*check_link("k3y", link, before, true), LinkVerdict::used);
  EXPECT_EQ(*check_link("k3y", link, exp, false), LinkVerdict::expired);
  EXPECT_EQ(*check_link("other key", link, before, false), LinkVerdict::forged);
  for (auto changed : {AckLink{"INC-20261127-7K2N", "dev 1", 1795752000, sig}, AckLink{"INC-20261127-7K2M", "dev2", 1795752000, sig},
                       AckLink{"INC-20261127-7K2M", "dev 1", 1795752001, sig}})
    EXPECT_EQ(*check_link("k3y", changed, before, false), LinkVerdict::forged);
}

}  // namespace
}  // namespace hypercare::notify
