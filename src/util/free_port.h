// A TCP port on 127.0.0.1 that nothing listens on right now, for tests and benchmarks that start
// a server of their own (redis-server, the metrics server). Another process may take it before
// the caller binds it: callers retry or fail loudly, never assume.
#pragma once

namespace util {

// The port the kernel picks for a bind to 127.0.0.1:0; 0 when no socket could be bound.
int FreeLoopbackTcpPort();

}  // namespace util
