// Helpers shared by the sip tests (not part of the library).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "sip/message.h"
#include "sip/parser.h"

namespace sip::testing {

inline std::string ReadFixture(const std::string& relative) {
  const std::string path = std::string(SIPDDOS_TESTDATA) + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// True when v is empty or lies wholly inside data: zero-copy views must never point elsewhere.
inline bool Inside(std::string_view v, std::string_view data) {
  if (v.empty()) return true;
  return v.data() >= data.data() && v.data() + v.size() <= data.data() + data.size();
}

inline void ExpectUriInside(const Uri& u, std::string_view d) {
  for (std::string_view v : {u.raw, u.scheme, u.user, u.password, u.host, u.params, u.headers}) {
    EXPECT_TRUE(Inside(v, d));
  }
}

inline void ExpectNameAddrInside(const NameAddr& n, std::string_view d) {
  for (std::string_view v : {n.raw, n.display_name, n.tag, n.params}) EXPECT_TRUE(Inside(v, d));
  ExpectUriInside(n.uri, d);
}

// Every view of m points into data.
inline void ExpectViewsInside(const Message& m, std::string_view d) {
  for (std::string_view v : {m.raw,
                             m.request_line,
                             m.method,
                             m.request_uri_raw,
                             m.reason,
                             m.headers,
                             m.call_id,
                             m.cseq_method,
                             m.cseq_raw,
                             m.contact_raw,
                             m.subject,
                             m.content_type,
                             m.user_agent,
                             m.body,
                             m.trailing,
                             m.top_via.raw,
                             m.top_via.transport,
                             m.top_via.host,
                             m.top_via.params,
                             m.top_via.branch,
                             m.top_via.received}) {
    EXPECT_TRUE(Inside(v, d));
  }
  ExpectUriInside(m.request_uri, d);
  ExpectNameAddrInside(m.from, d);
  ExpectNameAddrInside(m.to, d);
  ExpectNameAddrInside(m.contact, d);
}

// Parses a fixture file that must be accepted; fails the test otherwise.
inline Message ParseOk(const std::string& data) {
  Message m;
  const util::Status st = Parse(data, &m);
  EXPECT_TRUE(st.ok()) << st.message();
  ExpectViewsInside(m, data);
  return m;
}

// The views would dangle: keep the buffer in a named variable.
Message ParseOk(std::string&& data) = delete;

}  // namespace sip::testing
