// UniqueFunction<R(Args...)>: a move-only callable with a 48-byte inline buffer. The event
// queue stores one per event; keeping small captures out of the heap is most of the kernel's
// speed (std::function allocates above 16 bytes and requires copyable targets).
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace imssim {

template <typename Sig>
class UniqueFunction;

template <typename R, typename... Args>
class UniqueFunction<R(Args...)> {
  static constexpr std::size_t kInline = 48;

  struct Ops {
    R (*call)(void*, Args&&...);
    void (*move)(void* from, void* to);  // move-constructs into `to`, destroys `from`
    void (*destroy)(void*);
  };

  template <typename F>
  static constexpr bool fits_inline =
      sizeof(F) <= kInline && alignof(F) <= alignof(std::max_align_t) &&
      std::is_nothrow_move_constructible_v<F>;

  template <typename F>
  static const Ops* ops_for() {
    if constexpr (fits_inline<F>) {
      static constexpr Ops ops{
          [](void* p, Args&&... a) -> R { return (*static_cast<F*>(p))(std::forward<Args>(a)...); },
          [](void* from, void* to) {
            ::new (to) F(std::move(*static_cast<F*>(from)));
            static_cast<F*>(from)->~F();
          },
          [](void* p) { static_cast<F*>(p)->~F(); }};
      return &ops;
    } else {
      static constexpr Ops ops{
          [](void* p, Args&&... a) -> R { return (**static_cast<F**>(p))(std::forward<Args>(a)...); },
          [](void* from, void* to) { ::new (to) F*(*static_cast<F**>(from)); },
          [](void* p) { delete *static_cast<F**>(p); }};
      return &ops;
    }
  }

 public:
  UniqueFunction() = default;
  UniqueFunction(std::nullptr_t) {}  // NOLINT
  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, UniqueFunction> &&
                                                    std::is_invocable_r_v<R, F&, Args...>>>
  UniqueFunction(F&& f) {  // NOLINT: implicit like std::function
    using D = std::decay_t<F>;
    if constexpr (fits_inline<D>)
      ::new (storage_) D(std::forward<F>(f));
    else
      ::new (storage_) D*(new D(std::forward<F>(f)));
    ops_ = ops_for<D>();
  }
  UniqueFunction(UniqueFunction&& o) noexcept { take(o); }
  UniqueFunction& operator=(UniqueFunction&& o) noexcept {
    if (this != &o) {
      reset();
      take(o);
    }
    return *this;
  }
  UniqueFunction(const UniqueFunction&) = delete;
  UniqueFunction& operator=(const UniqueFunction&) = delete;
  ~UniqueFunction() { reset(); }

  explicit operator bool() const { return ops_ != nullptr; }
  R operator()(Args... a) { return ops_->call(storage_, std::forward<Args>(a)...); }

  void reset() {
    if (ops_) ops_->destroy(storage_);
    ops_ = nullptr;
  }

 private:
  void take(UniqueFunction& o) {
    if (o.ops_) {
      o.ops_->move(o.storage_, storage_);
      ops_ = o.ops_;
      o.ops_ = nullptr;
    }
  }

  alignas(std::max_align_t) unsigned char storage_[kInline];
  const Ops* ops_ = nullptr;
};

}  // namespace imssim
