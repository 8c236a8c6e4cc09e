// SPDX-License-Identifier: Apache-2.0
#include "verifier.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "kiln_checksum.h"
#include "util.h"

namespace kiln::rt {

namespace {

/// Checks the semantics of a model that passed the FlatBuffers verifier.
class SemanticVerifier {
 public:
  SemanticVerifier(const uint8_t* data, size_t size, const fb::Model* model)
      : data_(data), size_(size), model_(model) {}

  kiln_status_t Verify();

 private:
  kiln_status_t Fail(const char* format, ...)
      __attribute__((format(printf, 2, 3)));

  kiln_status_t VerifySections();
  kiln_status_t VerifyExecutables();
  kiln_status_t VerifyFunction(const fb::Function* function);
  kiln_status_t VerifyTensorTypes(
      const flatbuffers::Vector<flatbuffers::Offset<fb::TensorType>>* types,
      const char* kind);
  kiln_status_t VerifyDims();
  kiln_status_t VerifyArena();
  kiln_status_t VerifyCommand(uint32_t index, const fb::Command* command);
  kiln_status_t VerifyDispatch(const fb::Dispatch* dispatch);
  kiln_status_t VerifyCall(const fb::Call* call);
  kiln_status_t VerifyOperand(const fb::Operand* operand, const char* what,
                              uint32_t index, bool writable);

  /// A Size field: a constant or a reference to an existing dims entry.
  kiln_status_t CheckSize(int64_t size, const char* what);
  /// A buffer range: space and index valid, inside the buffer where static,
  /// the arena buffer live at the current command.
  kiln_status_t CheckRef(const fb::BufferRef* ref, const char* what,
                         bool writable, uint64_t alignment);
  /// The byte size of (space, index) when it does not depend on dims.
  bool StaticCapacity(fb::MemorySpace space, uint32_t index,
                      uint64_t* capacity) const;
  /// The static byte size of a TensorType's shape, false when dynamic.
  static bool StaticBytes(const fb::TensorType* type, uint64_t* bytes);

  const uint8_t* data_;
  size_t size_;
  const fb::Model* model_;
  /// Kernels a function without an executable (-1) may dispatch: those every
  /// executable has.
  uint32_t shared_kernel_count_ = 0;
  /// Of the function being verified: whether the model has executables and
  /// the kernels its dispatches may name.
  bool has_executable_ = false;
  uint32_t kernel_count_ = 0;

  // The function and command being verified (for messages and liveness).
  const fb::Function* function_ = nullptr;
  std::string where_;
  uint32_t command_ = 0;
  uint32_t dims_count_ = 0;
};

kiln_status_t SemanticVerifier::Fail(const char* format, ...) {
  char message[512];
  va_list args;
  va_start(args, format);
  std::vsnprintf(message, sizeof(message), format, args);
  va_end(args);
  if (where_.empty()) {
    return MakeStatus(KILN_STATUS_DATA_LOSS, "invalid artifact: %s", message);
  }
  return MakeStatus(KILN_STATUS_DATA_LOSS, "invalid artifact: %s: %s",
                    where_.c_str(), message);
}

/// Whether two signatures' tensors agree in name, type and shape.
bool SameTensorTypes(
    const flatbuffers::Vector<flatbuffers::Offset<fb::TensorType>>* a,
    const flatbuffers::Vector<flatbuffers::Offset<fb::TensorType>>* b) {
  if (Count(a) != Count(b)) return false;
  auto same_longs = [](const flatbuffers::Vector<int64_t>* x,
                       const flatbuffers::Vector<int64_t>* y) {
    if (Count(x) != Count(y)) return false;
    for (uint32_t i = 0; i < Count(x); ++i) {
      if (x->Get(i) != y->Get(i)) return false;
    }
    return true;
  };
  for (uint32_t i = 0; i < Count(a); ++i) {
    const fb::TensorType* x = a->Get(i);
    const fb::TensorType* y = b->Get(i);
    if (View(x->name()) != View(y->name()) ||
        x->element_type() != y->element_type() ||
        !same_longs(x->shape(), y->shape())) {
      return false;
    }
    for (uint32_t d = 0; d < Count(x->dim_names()); ++d) {
      if (d >= Count(y->dim_names()) ||
          View(x->dim_names()->Get(d)) != View(y->dim_names()->Get(d))) {
        return false;
      }
    }
  }
  return true;
}

kiln_status_t SemanticVerifier::Verify() {
  KILN_RETURN_IF_ERROR(VerifySections());
  KILN_RETURN_IF_ERROR(VerifyExecutables());
  if (Count(model_->functions()) == 0) return Fail("the model has no function");
  // A name appears once per executable: one variant per target.
  std::map<std::string_view, std::vector<const fb::Function*>> variants;
  for (uint32_t i = 0; i < model_->functions()->size(); ++i) {
    const fb::Function* function = model_->functions()->Get(i);
    std::string_view name = View(function->name());
    where_.clear();
    if (name.empty()) return Fail("function %u has no name", i);
    where_ = "function " + Quote(name);
    int32_t executable = function->executable();
    uint32_t executables = Count(model_->executables());
    if (executable < -1 || executable >= static_cast<int64_t>(executables)) {
      return Fail("executable %d of %u", executable, executables);
    }
    for (const fb::Function* other : variants[name]) {
      if (executable < 0 || other->executable() == executable) {
        where_.clear();
        return Fail("two functions are named %s for the same executable",
                    Quote(name).c_str());
      }
      if (!SameTensorTypes(function->inputs(), other->inputs()) ||
          !SameTensorTypes(function->outputs(), other->outputs())) {
        return Fail("its variants for executables %d and %d differ in "
                    "inputs or outputs",
                    other->executable(), executable);
      }
    }
    variants[name].push_back(function);
    has_executable_ = executables > 0;
    kernel_count_ = executable >= 0
                        ? Count(model_->executables()->Get(executable)->kernels())
                        : shared_kernel_count_;
    KILN_RETURN_IF_ERROR(VerifyFunction(function));
  }
  return nullptr;
}

kiln_status_t SemanticVerifier::VerifySections() {
  for (uint32_t i = 0; i < Count(model_->sections()); ++i) {
    const fb::Section* section = model_->sections()->Get(i);
    uint64_t offset = section->offset(), length = section->length();
    if (offset % 64 != 0) {
      return Fail("section %u offset %llu is not a multiple of 64", i,
                  static_cast<unsigned long long>(offset));
    }
    if (offset > size_ || length > size_ - offset) {
      return Fail(
          "section %u [%llu, +%llu) lies outside the %zu-byte file "
          "(truncated?)",
          i, static_cast<unsigned long long>(offset),
          static_cast<unsigned long long>(length), size_);
    }
  }
  return nullptr;
}

kiln_status_t SemanticVerifier::VerifyExecutables() {
  for (uint32_t i = 0; i < Count(model_->executables()); ++i) {
    const fb::Executable* executable = model_->executables()->Get(i);
    if (executable->object() >= Count(model_->sections())) {
      return Fail("executable %u refers to section %u of %u", i,
                  executable->object(), Count(model_->sections()));
    }
    const fb::Section* section = model_->sections()->Get(executable->object());
    uint64_t checksum =
        artifact::Fnv1a64(data_ + section->offset(), section->length());
    if (executable->object_checksum() != checksum) {
      return MakeStatus(
          KILN_STATUS_DATA_LOSS,
          "corrupted artifact: executable %u object checksum mismatch "
          "(stored 0x%016llx, computed 0x%016llx)",
          i, static_cast<unsigned long long>(executable->object_checksum()),
          static_cast<unsigned long long>(checksum));
    }
    uint32_t kernels = Count(executable->kernels());
    shared_kernel_count_ =
        i == 0 ? kernels : std::min(shared_kernel_count_, kernels);
    for (uint32_t k = 0; k < kernels; ++k) {
      if (View(executable->kernels()->Get(k)->name()).empty()) {
        return Fail("executable %u kernel %u has no name", i, k);
      }
    }
  }
  return nullptr;
}

bool SemanticVerifier::StaticBytes(const fb::TensorType* type,
                                   uint64_t* bytes) {
  std::vector<int64_t> dims;
  if (type->shape()) dims.assign(type->shape()->begin(), type->shape()->end());
  return StorageByteSize(ToDtype(type->element_type()), dims.data(),
                         dims.size(), bytes);
}

kiln_status_t SemanticVerifier::VerifyTensorTypes(
    const flatbuffers::Vector<flatbuffers::Offset<fb::TensorType>>* types,
    const char* kind) {
  std::set<std::string_view> names;
  bool outputs = std::string_view(kind) == "output";
  for (uint32_t i = 0; i < Count(types); ++i) {
    const fb::TensorType* type = types->Get(i);
    std::string_view name = View(type->name());
    if (name.empty()) return Fail("%s %u has no name", kind, i);
    if (name.find('\0') != std::string_view::npos) {
      return Fail("%s %u name %s holds a NUL byte", kind, i,
                  Quote(name).c_str());
    }
    if (!names.insert(name).second) {
      return Fail("two %ss are named %s", kind, Quote(name).c_str());
    }
    std::string label = std::string(kind) + " " + Quote(name);
    if (!IsValidDtype(static_cast<int>(type->element_type()))) {
      return Fail("%s has element type %d", label.c_str(),
                  static_cast<int>(type->element_type()));
    }
    uint32_t rank = Count(type->shape());
    if (rank > KILN_MAX_RANK) {
      return Fail("%s has rank %u (at most %d)", label.c_str(), rank,
                  KILN_MAX_RANK);
    }
    bool dynamic = false;
    for (uint32_t d = 0; d < rank; ++d) {
      int64_t dim = type->shape()->Get(d);
      if (dim < -1) {
        return Fail("%s dim %u is %lld (dims are >= 0, or -1 when dynamic)",
                    label.c_str(), d, static_cast<long long>(dim));
      }
      dynamic |= dim == -1;
    }
    if (type->dim_names() && type->dim_names()->size() != rank) {
      return Fail("%s has %u dim names for rank %u", label.c_str(),
                  type->dim_names()->size(), rank);
    }
    uint64_t bytes;
    if (!dynamic && !StaticBytes(type, &bytes)) {
      return Fail("%s shape is too large", label.c_str());
    }
    if (!outputs) continue;
    const auto* sizes = type->dim_sizes();
    if (dynamic && sizes == nullptr) {
      return Fail("%s has a dynamic dim but no dim_sizes", label.c_str());
    }
    if (sizes == nullptr) continue;
    if (sizes->size() != rank) {
      return Fail("%s has %u dim_sizes for rank %u", label.c_str(),
                  sizes->size(), rank);
    }
    for (uint32_t d = 0; d < rank; ++d) {
      int64_t dim = type->shape()->Get(d), size = sizes->Get(d);
      std::string what = label + " dim_sizes[" + std::to_string(d) + "]";
      KILN_RETURN_IF_ERROR(CheckSize(size, what.c_str()));
      if (dim >= 0 && size != dim) {
        return Fail("%s is %lld but the dim is static %lld", what.c_str(),
                    static_cast<long long>(size), static_cast<long long>(dim));
      }
    }
  }
  return nullptr;
}

kiln_status_t SemanticVerifier::VerifyDims() {
  const auto* dims = function_->dims();
  uint32_t inputs = Count(function_->inputs());
  for (uint32_t i = 0; i < Count(dims); ++i) {
    const fb::DimExpr* expr = dims->Get(i);
    switch (expr->op()) {
      case fb::DimOp::Const:
        break;
      case fb::DimOp::InputDim: {
        if (expr->a() < 0 || expr->a() >= inputs) {
          return Fail("dims[%u] reads input %lld of %u", i,
                      static_cast<long long>(expr->a()), inputs);
        }
        uint32_t rank = Count(function_->inputs()
                                  ->Get(static_cast<uint32_t>(expr->a()))
                                  ->shape());
        if (expr->b() < 0 || expr->b() >= rank) {
          return Fail("dims[%u] reads dim %lld of input %lld (rank %u)", i,
                      static_cast<long long>(expr->b()),
                      static_cast<long long>(expr->a()), rank);
        }
        break;
      }
      case fb::DimOp::InputValue: {
        if (expr->a() < 0 || expr->a() >= inputs) {
          return Fail("dims[%u] reads input %lld of %u", i,
                      static_cast<long long>(expr->a()), inputs);
        }
        fb::ElementType type = function_->inputs()
                                   ->Get(static_cast<uint32_t>(expr->a()))
                                   ->element_type();
        if (!IsIntegerElementType(type)) {
          return Fail("dims[%u] reads a value of input %lld, which is %s, "
                      "not an integer tensor",
                      i, static_cast<long long>(expr->a()),
                      fb::EnumNameElementType(type));
        }
        if (expr->b() < 0) {
          return Fail("dims[%u] reads element %lld of input %lld", i,
                      static_cast<long long>(expr->b()),
                      static_cast<long long>(expr->a()));
        }
        break;
      }
      case fb::DimOp::Add:
      case fb::DimOp::Sub:
      case fb::DimOp::Mul:
      case fb::DimOp::FloorDiv:
      case fb::DimOp::CeilDiv:
      case fb::DimOp::Min:
      case fb::DimOp::Max:
      case fb::DimOp::Div:
      case fb::DimOp::Rem:
      case fb::DimOp::Eq:
      case fb::DimOp::Lt:
      case fb::DimOp::Le:
        if (expr->a() < 0 || expr->a() >= i || expr->b() < 0 ||
            expr->b() >= i) {
          return Fail(
              "dims[%u] refers to dims[%lld] and dims[%lld]; only earlier "
              "entries may be used",
              i, static_cast<long long>(expr->a()),
              static_cast<long long>(expr->b()));
        }
        break;
      default:
        return Fail("dims[%u] has unknown op %d", i,
                    static_cast<int>(expr->op()));
    }
  }
  const auto* checks = function_->checks();
  for (uint32_t i = 0; i < Count(checks); ++i) {
    const fb::Check* check = checks->Get(i);
    if (check->dim() < 0 || check->dim() >= Count(dims)) {
      return Fail("checks[%u] tests dims[%lld] of %u", i,
                  static_cast<long long>(check->dim()), Count(dims));
    }
    if (!check->message()) return Fail("checks[%u] has no message", i);
  }
  return nullptr;
}

kiln_status_t SemanticVerifier::CheckSize(int64_t size, const char* what) {
  if (IsDimRef(size) && DimIndex(size) >= dims_count_) {
    return Fail("%s refers to dims[%llu] but the function has %u dims", what,
                static_cast<unsigned long long>(DimIndex(size)), dims_count_);
  }
  return nullptr;
}

kiln_status_t SemanticVerifier::VerifyArena() {
  const auto* buffers = function_->buffers();
  uint32_t commands = Count(function_->commands());
  int64_t arena_size = function_->arena_size();
  if (arena_size < -1) {
    return Fail("arena_size is %lld (>= 0, or -1 when planned at run time)",
                static_cast<long long>(arena_size));
  }
  for (uint32_t i = 0; i < Count(buffers); ++i) {
    const fb::ArenaBuffer* buffer = buffers->Get(i);
    std::string what = "arena buffer " + std::to_string(i);
    KILN_RETURN_IF_ERROR(CheckSize(buffer->size(), (what + " size").c_str()));
    if (buffer->first_use() > buffer->last_use() ||
        buffer->last_use() >= commands) {
      return Fail("%s is live over commands [%u, %u] of %u", what.c_str(),
                  buffer->first_use(), buffer->last_use(), commands);
    }
    if (arena_size < 0) continue;
    if (IsDimRef(buffer->size())) {
      return Fail("%s has a dynamic size in a static arena", what.c_str());
    }
    if (buffer->offset() < 0 || buffer->offset() % 16 != 0) {
      return Fail("%s offset %lld is not a multiple of 16 >= 0", what.c_str(),
                  static_cast<long long>(buffer->offset()));
    }
    uint64_t end;
    if (!CheckedAdd(static_cast<uint64_t>(buffer->offset()),
                    static_cast<uint64_t>(buffer->size()), &end) ||
        end > static_cast<uint64_t>(arena_size)) {
      return Fail("%s [%lld, +%lld) exceeds arena_size %lld", what.c_str(),
                  static_cast<long long>(buffer->offset()),
                  static_cast<long long>(buffer->size()),
                  static_cast<long long>(arena_size));
    }
  }
  if (arena_size < 0) return nullptr;
  // Buffers live at the same time must not share bytes.
  std::vector<uint32_t> order(Count(buffers));
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return buffers->Get(a)->offset() < buffers->Get(b)->offset();
  });
  for (size_t i = 0; i < order.size(); ++i) {
    const fb::ArenaBuffer* a = buffers->Get(order[i]);
    int64_t a_end = a->offset() + a->size();
    for (size_t j = i + 1; j < order.size(); ++j) {
      const fb::ArenaBuffer* b = buffers->Get(order[j]);
      if (b->offset() >= a_end) break;
      if (a->size() == 0 || b->size() == 0) continue;
      if (a->first_use() <= b->last_use() && b->first_use() <= a->last_use()) {
        return Fail(
            "arena buffers %u and %u share bytes while both are live "
            "(commands [%u, %u] and [%u, %u])",
            order[i], order[j], a->first_use(), a->last_use(), b->first_use(),
            b->last_use());
      }
    }
  }
  return nullptr;
}

bool SemanticVerifier::StaticCapacity(fb::MemorySpace space, uint32_t index,
                                      uint64_t* capacity) const {
  switch (space) {
    case fb::MemorySpace::Arena: {
      int64_t size = function_->buffers()->Get(index)->size();
      if (IsDimRef(size)) return false;
      *capacity = static_cast<uint64_t>(size);
      return true;
    }
    case fb::MemorySpace::Input:
      return StaticBytes(function_->inputs()->Get(index), capacity);
    case fb::MemorySpace::Output:
      return StaticBytes(function_->outputs()->Get(index), capacity);
    case fb::MemorySpace::Weight:
      *capacity = model_->sections()->Get(index)->length();
      return true;
  }
  return false;
}

kiln_status_t SemanticVerifier::CheckRef(const fb::BufferRef* ref,
                                         const char* what, bool writable,
                                         uint64_t alignment) {
  if (ref == nullptr) return Fail("%s is missing", what);
  uint32_t limit = 0;
  switch (ref->space()) {
    case fb::MemorySpace::Arena:
      limit = Count(function_->buffers());
      break;
    case fb::MemorySpace::Input:
      limit = Count(function_->inputs());
      break;
    case fb::MemorySpace::Output:
      limit = Count(function_->outputs());
      break;
    case fb::MemorySpace::Weight:
      limit = Count(model_->sections());
      break;
    default:
      return Fail("%s has unknown memory space %d", what,
                  static_cast<int>(ref->space()));
  }
  const char* space = SpaceName(ref->space());
  if (ref->index() >= limit) {
    return Fail("%s refers to %s %u of %u", what, space, ref->index(), limit);
  }
  if (writable && (ref->space() == fb::MemorySpace::Input ||
                   ref->space() == fb::MemorySpace::Weight)) {
    return Fail("%s writes to read-only %s %u", what, space, ref->index());
  }
  if (ref->offset() % alignment != 0) {
    return Fail("%s offset %llu is not a multiple of %llu", what,
                static_cast<unsigned long long>(ref->offset()),
                static_cast<unsigned long long>(alignment));
  }
  KILN_RETURN_IF_ERROR(CheckSize(ref->length(), what));
  if (ref->space() == fb::MemorySpace::Arena) {
    const fb::ArenaBuffer* buffer = function_->buffers()->Get(ref->index());
    if (command_ < buffer->first_use() || command_ > buffer->last_use()) {
      return Fail(
          "%s uses arena buffer %u, which is live over commands "
          "[%u, %u] only",
          what, ref->index(), buffer->first_use(), buffer->last_use());
    }
  }
  uint64_t capacity;
  if (!StaticCapacity(ref->space(), ref->index(), &capacity)) return nullptr;
  uint64_t end = ref->offset();
  if (!IsDimRef(ref->length()) &&
      !CheckedAdd(end, static_cast<uint64_t>(ref->length()), &end)) {
    end = UINT64_MAX;
  }
  if (end > capacity) {
    return Fail("%s [%llu, +%lld) exceeds %s %u (%llu bytes)", what,
                static_cast<unsigned long long>(ref->offset()),
                static_cast<long long>(ref->length()), space, ref->index(),
                static_cast<unsigned long long>(capacity));
  }
  return nullptr;
}

kiln_status_t SemanticVerifier::VerifyFunction(const fb::Function* function) {
  function_ = function;
  dims_count_ = Count(function->dims());
  KILN_RETURN_IF_ERROR(VerifyTensorTypes(function->inputs(), "input"));
  KILN_RETURN_IF_ERROR(VerifyTensorTypes(function->outputs(), "output"));
  KILN_RETURN_IF_ERROR(VerifyDims());
  KILN_RETURN_IF_ERROR(VerifyArena());
  std::string function_where = where_;
  for (uint32_t i = 0; i < Count(function->commands()); ++i) {
    const fb::Command* command = function->commands()->Get(i);
    command_ = i;
    where_ = function_where + " command " + std::to_string(i);
    if (command->name()) where_ += " " + Quote(View(command->name()));
    where_ += std::string(" (") + CommandKindName(command->op_type()) + ")";
    KILN_RETURN_IF_ERROR(VerifyCommand(i, command));
  }
  where_ = function_where;
  return nullptr;
}

kiln_status_t SemanticVerifier::VerifyCommand(uint32_t index,
                                              const fb::Command* command) {
  // FlatBuffers lets a union's value be absent even when its type is set.
  if (command->op_type() != fb::CommandOp::NONE &&
      command->op_type() <= fb::CommandOp::MAX && command->op() == nullptr) {
    return Fail("the command has no %s table",
                CommandKindName(command->op_type()));
  }
  switch (command->op_type()) {
    case fb::CommandOp::Dispatch:
      return VerifyDispatch(command->op_as_Dispatch());
    case fb::CommandOp::Call:
      return VerifyCall(command->op_as_Call());
    case fb::CommandOp::Copy: {
      const fb::Copy* copy = command->op_as_Copy();
      KILN_RETURN_IF_ERROR(CheckRef(copy->source(), "source", false, 1));
      KILN_RETURN_IF_ERROR(CheckRef(copy->target(), "target", true, 1));
      int64_t source = copy->source()->length(),
              target = copy->target()->length();
      if (!IsDimRef(source) && !IsDimRef(target) && target < source) {
        return Fail("copies %lld bytes into a %lld-byte target",
                    static_cast<long long>(source),
                    static_cast<long long>(target));
      }
      return nullptr;
    }
    case fb::CommandOp::Fill: {
      const fb::Fill* fill = command->op_as_Fill();
      KILN_RETURN_IF_ERROR(CheckRef(fill->target(), "target", true, 1));
      uint8_t length = fill->pattern_length();
      if (length != 1 && length != 2 && length != 4 && length != 8) {
        return Fail("pattern_length %u is not 1, 2, 4 or 8", length);
      }
      return nullptr;
    }
    default:
      break;
  }
  return Fail("unknown command type %d", static_cast<int>(command->op_type()));
}

kiln_status_t SemanticVerifier::VerifyDispatch(const fb::Dispatch* dispatch) {
  if (!has_executable_) {
    return Fail("dispatch of kernel %u but the model has no executable",
                dispatch->kernel());
  }
  if (dispatch->kernel() >= kernel_count_) {
    return Fail("kernel %u of %u", dispatch->kernel(), kernel_count_);
  }
  if (Count(dispatch->workgroup_count()) != 3) {
    return Fail("workgroup_count has %u entries, not 3",
                Count(dispatch->workgroup_count()));
  }
  uint64_t total = 1;
  bool dynamic = false;
  for (uint32_t i = 0; i < 3; ++i) {
    int64_t count = dispatch->workgroup_count()->Get(i);
    char what[32];
    std::snprintf(what, sizeof(what), "workgroup_count[%u]", i);
    KILN_RETURN_IF_ERROR(CheckSize(count, what));
    if (IsDimRef(count)) {
      dynamic = true;
    } else if (!CheckedMul(total, static_cast<uint64_t>(count), &total)) {
      total = UINT64_MAX;
    }
  }
  if (!dynamic && total > kMaxWorkgroups) {
    return Fail("%llu workgroups (at most %llu)",
                static_cast<unsigned long long>(total),
                static_cast<unsigned long long>(kMaxWorkgroups));
  }
  for (uint32_t i = 0; i < Count(dispatch->bindings()); ++i) {
    std::string what = "binding " + std::to_string(i);
    // The ABI promises kernels 16-byte aligned pointers.
    KILN_RETURN_IF_ERROR(
        CheckRef(dispatch->bindings()->Get(i), what.c_str(), false, 16));
  }
  return nullptr;
}

kiln_status_t SemanticVerifier::VerifyOperand(const fb::Operand* operand,
                                              const char* what, uint32_t index,
                                              bool writable) {
  std::string label = std::string(what) + " " + std::to_string(index);
  if (operand == nullptr) return Fail("%s is missing", label.c_str());
  KILN_RETURN_IF_ERROR(CheckRef(operand->buffer(), label.c_str(), writable, 1));
  if (!IsValidDtype(static_cast<int>(operand->element_type()))) {
    return Fail("%s has element type %d", label.c_str(),
                static_cast<int>(operand->element_type()));
  }
  uint32_t rank = Count(operand->shape());
  if (rank > KILN_MAX_RANK) {
    return Fail("%s has rank %u (at most %d)", label.c_str(), rank,
                KILN_MAX_RANK);
  }
  std::vector<int64_t> shape;
  for (uint32_t d = 0; d < rank; ++d) {
    int64_t dim = operand->shape()->Get(d);
    std::string dim_what = label + " dim " + std::to_string(d);
    KILN_RETURN_IF_ERROR(CheckSize(dim, dim_what.c_str()));
    shape.push_back(dim);
  }
  uint64_t bytes;
  int64_t length = operand->buffer()->length();
  bool static_shape =
      std::none_of(shape.begin(), shape.end(), [](int64_t d) { return d < 0; });
  if (static_shape && !IsDimRef(length)) {
    if (!StorageByteSize(ToDtype(operand->element_type()), shape.data(), rank,
                         &bytes) ||
        bytes > static_cast<uint64_t>(length)) {
      return Fail("%s shape %s needs more than its %lld-byte buffer",
                  label.c_str(), ShapeString(shape.data(), rank).c_str(),
                  static_cast<long long>(length));
    }
  }
  return nullptr;
}

kiln_status_t SemanticVerifier::VerifyCall(const fb::Call* call) {
  if (call->params_type() != fb::CallParams::NONE &&
      call->params_type() <= fb::CallParams::MAX && call->params() == nullptr) {
    return Fail("the call has no %s parameters",
                CallKindName(call->params_type()));
  }
  uint32_t operands = Count(call->operands());
  uint32_t needed = 0;
  const flatbuffers::Vector<flatbuffers::Offset<fb::PostOp>>* post_ops =
      nullptr;
  switch (call->params_type()) {
    case fb::CallParams::Convolution: {
      const fb::Convolution* conv = call->params_as_Convolution();
      needed = conv->has_bias() ? 3 : 2;
      post_ops = conv->post_ops();
      if (conv->groups() < 1) {
        return Fail("groups is %lld", static_cast<long long>(conv->groups()));
      }
      break;
    }
    case fb::CallParams::MatMul: {
      const fb::MatMul* matmul = call->params_as_MatMul();
      needed = matmul->has_bias() ? 3 : 2;
      post_ops = matmul->post_ops();
      break;
    }
    case fb::CallParams::Pooling: {
      const fb::Pooling* pooling = call->params_as_Pooling();
      needed = 1;
      if (pooling->kind() > fb::PoolKind::MAX) {
        return Fail("unknown pooling kind %d",
                    static_cast<int>(pooling->kind()));
      }
      break;
    }
    default:
      return Fail("unknown call type %d",
                  static_cast<int>(call->params_type()));
  }
  const char* kind = CallKindName(call->params_type());
  if (operands < needed) {
    return Fail("%s needs %u operands, has %u", kind, needed, operands);
  }
  if (Count(call->results()) != 1) {
    return Fail("%s has %u results, not 1", kind, Count(call->results()));
  }
  for (uint32_t i = 0; i < Count(post_ops); ++i) {
    const fb::PostOp* post_op = post_ops->Get(i);
    if (post_op->kind() > fb::PostOpKind::MAX) {
      return Fail("post-op %u has unknown kind %d", i,
                  static_cast<int>(post_op->kind()));
    }
    if (post_op->kind() == fb::PostOpKind::Add ||
        post_op->kind() == fb::PostOpKind::Mul) {
      if (post_op->operand() < 0 ||
          static_cast<uint32_t>(post_op->operand()) >= operands) {
        return Fail("post-op %u refers to operand %d of %u", i,
                    post_op->operand(), operands);
      }
    }
  }
  for (uint32_t i = 0; i < operands; ++i) {
    KILN_RETURN_IF_ERROR(
        VerifyOperand(call->operands()->Get(i), "operand", i, false));
  }
  KILN_RETURN_IF_ERROR(
      VerifyOperand(call->results()->Get(0), "result", 0, true));
  // Channels-last activations: the x and result of convolutions and
  // pooling, and a convolution's post-op operands.
  auto check_layout = [&](const fb::Operand* operand, const char* what,
                          uint32_t index, bool allowed) -> kiln_status_t {
    if (operand->layout() == fb::Layout::RowMajor) return nullptr;
    if (operand->layout() > fb::Layout::MAX) {
      return Fail("%s %u has unknown layout %d", what, index,
                  static_cast<int>(operand->layout()));
    }
    if (!allowed || Count(operand->shape()) < 3) {
      return Fail("%s %u of a %s cannot be channels-last", what, index, kind);
    }
    return nullptr;
  };
  bool activations = call->params_type() != fb::CallParams::MatMul;
  for (uint32_t i = 0; i < operands; ++i) {
    bool allowed = activations && (i == 0 || i >= needed);
    KILN_RETURN_IF_ERROR(
        check_layout(call->operands()->Get(i), "operand", i, allowed));
  }
  return check_layout(call->results()->Get(0), "result", 0, activations);
}

}  // namespace

kiln_status_t VerifyArtifact(const uint8_t* data, size_t size,
                             const fb::Model** out_model) {
  *out_model = nullptr;
  if (size < 8) {
    return MakeStatus(KILN_STATUS_DATA_LOSS,
                      "corrupted artifact: %zu bytes is too short", size);
  }
  if (!flatbuffers::BufferHasIdentifier(data, fb::ModelIdentifier())) {
    return MakeStatus(KILN_STATUS_DATA_LOSS,
                      "not a Kiln artifact: no \"KILN\" identifier at byte 4");
  }
  // FlatBuffers addresses at most 2 GiB: the metadata must lie there, the
  // sections may extend past it.
  size_t buffer_size = std::min<size_t>(size, FLATBUFFERS_MAX_BUFFER_SIZE - 1);
  flatbuffers::Verifier verifier(data, buffer_size, /*max_depth=*/64,
                                 /*max_tables=*/1u << 24);
  if (!fb::VerifyModelBuffer(verifier)) {
    return MakeStatus(KILN_STATUS_DATA_LOSS,
                      "corrupted artifact: the FlatBuffers verifier rejects "
                      "it (%zu bytes; truncated or damaged)",
                      size);
  }
  const fb::Model* model = fb::GetModel(data);
  if (model->format_version() > kFormatVersion) {
    return MakeStatus(KILN_STATUS_UNIMPLEMENTED,
                      "artifact format_version %u is newer than this "
                      "runtime reads (%u); upgrade the Kiln runtime",
                      model->format_version(), kFormatVersion);
  }
  if (model->format_version() == 0) {
    return MakeStatus(KILN_STATUS_DATA_LOSS,
                      "invalid artifact: format_version is 0 (expected %u)",
                      kFormatVersion);
  }
  uint64_t checksum = artifact::ComputeModelChecksum(data, size, model);
  if (model->checksum() != checksum) {
    return MakeStatus(KILN_STATUS_DATA_LOSS,
                      "corrupted artifact: metadata checksum mismatch "
                      "(stored 0x%016llx, computed 0x%016llx)",
                      static_cast<unsigned long long>(model->checksum()),
                      static_cast<unsigned long long>(checksum));
  }
  KILN_RETURN_IF_ERROR(SemanticVerifier(data, size, model).Verify());
  *out_model = model;
  return nullptr;
}

}  // namespace kiln::rt
