// A bounded single-producer single-consumer ring, lock-free: the packet path pushes (never
// blocks: false when full), a worker thread peeks and pops. The worker pops only what it has
// delivered, so items survive a lost connection and go out on reconnect.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

namespace cluster {

template <typename T>
class SpscRing {
 public:
  // Capacity is rounded up to a power of two.
  explicit SpscRing(size_t capacity) {
    size_t n = 1;
    while (n < capacity) n <<= 1;
    items_ = std::make_unique<T[]>(n);
    mask_ = n - 1;
  }
  size_t capacity() const { return mask_ + 1; }

  // Producer.
  bool Push(const T& item) {
    const size_t head = head_.load(std::memory_order_relaxed);
    if (head - tail_.load(std::memory_order_acquire) > mask_) return false;
    items_[head & mask_] = item;
    head_.store(head + 1, std::memory_order_release);
    return true;
  }

  // Consumer: the number of items ready, item i of them (0 = oldest), and dropping the n oldest.
  size_t Size() const {
    return head_.load(std::memory_order_acquire) - tail_.load(std::memory_order_relaxed);
  }
  const T& Peek(size_t i) const {
    return items_[(tail_.load(std::memory_order_relaxed) + i) & mask_];
  }
  void Pop(size_t n) {
    tail_.store(tail_.load(std::memory_order_relaxed) + n, std::memory_order_release);
  }

 private:
  std::unique_ptr<T[]> items_;
  size_t mask_ = 0;
  alignas(64) std::atomic<size_t> head_{0};
  alignas(64) std::atomic<size_t> tail_{0};
};

}  // namespace cluster
