// SPDX-License-Identifier: Apache-2.0
//===- AbiWrappers.cpp - export kernels through the CPU kernel ABI --------===//
//
// Adds, for each bufferized kernel, the function the runtime calls
// (runtime/hal/kernel_abi.h):
//
//   void k(void *const *bindings, const int64_t *dims,
//          int64_t wg_x, int64_t wg_y, int64_t wg_z);
//
// It builds a dense row-major memref descriptor per binding (dynamic sizes
// loaded from the dims table), loads index and integer arguments from the
// dims table (`kexec.dim`), and calls the kernel, renamed k__impl and
// made internal so that LLVM inlines it and folds the constant strides.
//
//===----------------------------------------------------------------------===//

#include "compiler/targets/cpu/KernelUtils.h"
#include "compiler/targets/cpu/Passes.h"

#include "mlir/Conversion/LLVMCommon/MemRefBuilder.h"
#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

#include <limits>

namespace mlir::kiln::cpu {
#define GEN_PASS_DEF_ADDABIWRAPPERSPASS
#include "compiler/targets/cpu/Passes.h.inc"
} // namespace mlir::kiln::cpu

using namespace mlir;
using namespace mlir::kiln::cpu;

namespace {

/// Where each dim of a binding comes from: -1 static, else an index into
/// the dims table.
FailureOr<SmallVector<int64_t>>
getDimSources(func::FuncOp func, unsigned argIndex, MemRefType type) {
  auto fail = [&](const Twine &why) -> FailureOr<SmallVector<int64_t>> {
    func.emitError() << "kernel '" << func.getSymName() << "': argument "
                     << argIndex << ": " << why;
    return failure();
  };
  SmallVector<int64_t> sources(type.getRank(), -1);
  auto attr = func.getArgAttrOfType<DenseI64ArrayAttr>(argIndex, kDimsAttr);
  if (!attr) {
    if (!type.hasStaticShape())
      return fail("dynamic dims need a '" + kDimsAttr + "' attribute");
    return sources;
  }
  if (attr.size() != type.getRank())
    return fail("'" + kDimsAttr + "' has " + Twine(attr.size()) +
                " entries for rank " + Twine(type.getRank()));
  for (auto [dim, source] : llvm::enumerate(attr.asArrayRef())) {
    if (type.isDynamicDim(dim) && source < 0)
      return fail("dynamic dim " + Twine(dim) + " has no dims-table index");
    if (source > std::numeric_limits<int32_t>::max())
      return fail("dims-table index " + Twine(source) + " is too large");
    if (!type.isDynamicDim(dim) && source >= 0)
      return fail("static dim " + Twine(dim) + " has a dims-table index");
    sources[dim] = type.isDynamicDim(dim) ? source : -1;
  }
  return sources;
}

LogicalResult addWrapper(func::FuncOp kernel,
                         const LLVMTypeConverter &typeConverter) {
  MLIRContext *ctx = kernel.getContext();
  Location loc = kernel.getLoc();
  std::string name = kernel.getSymName().str();

  // Bindings (memref arguments, inputs then outputs, in argument order) and
  // the workgroup ids.
  SmallVector<unsigned> bindings;
  SmallVector<std::pair<unsigned, int64_t>> scalars; // argument, dims entry
  std::array<int, 3> workgroupArgs = {-1, -1, -1};
  for (unsigned i = 0, e = kernel.getNumArguments(); i < e; ++i) {
    Type type = kernel.getArgumentTypes()[i];
    if (auto axis = kernel.getArgAttrOfType<IntegerAttr>(i, kWorkgroupIdAttr)) {
      if (axis.getInt() < 0 || axis.getInt() > 2 || !type.isIndex())
        return kernel.emitError()
               << "kernel '" << name << "': bad workgroup-id argument " << i;
      workgroupArgs[axis.getInt()] = i;
      continue;
    }
    if (isa<IndexType, IntegerType>(type)) {
      auto entry = kernel.getArgAttrOfType<IntegerAttr>(i, kDimAttr);
      if (!entry || entry.getInt() < 0 ||
          entry.getInt() > std::numeric_limits<int32_t>::max())
        return kernel.emitError()
               << "kernel '" << name << "': scalar argument " << i
               << " needs a '" << kDimAttr << "' dims-table index";
      scalars.emplace_back(i, entry.getInt());
      continue;
    }
    auto memref = dyn_cast<MemRefType>(type);
    if (!memref || !memref.getLayout().isIdentity())
      return kernel.emitError()
             << "kernel '" << name << "': argument " << i
             << " is not an identity-layout memref after bufferization";
    bindings.push_back(i);
  }
  if (kernel.getNumResults() != 0)
    return kernel.emitError() << "kernel '" << name << "' still has results";
  SmallVector<SmallVector<int64_t>> dimSources;
  for (unsigned argIndex : bindings) {
    FailureOr<SmallVector<int64_t>> sources =
        getDimSources(kernel, argIndex,
                      cast<MemRefType>(kernel.getArgumentTypes()[argIndex]));
    if (failed(sources))
      return failure();
    dimSources.push_back(std::move(*sources));
  }

  OpBuilder builder(kernel);
  auto ptrType = LLVM::LLVMPointerType::get(ctx);
  auto i64Type = IntegerType::get(ctx, 64);
  auto wrapperType = builder.getFunctionType(
      {ptrType, ptrType, i64Type, i64Type, i64Type}, {});
  kernel.setSymName(name + "__impl");
  kernel.setPrivate();
  kernel->setAttr("llvm.linkage",
                  LLVM::LinkageAttr::get(ctx, LLVM::Linkage::Internal));
  auto wrapper = func::FuncOp::create(builder, loc, name, wrapperType);
  Block *entry = wrapper.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  Value bindingsPtr = entry->getArgument(0);
  Value dimsPtr = entry->getArgument(1);

  auto constant = [&](int64_t v) -> Value {
    return LLVM::ConstantOp::create(builder, loc, i64Type,
                                    builder.getI64IntegerAttr(v));
  };
  DenseMap<int64_t, Value> loadedDims;
  auto loadDim = [&](int64_t index) -> Value {
    Value &value = loadedDims[index];
    if (!value) {
      Value address = LLVM::GEPOp::create(
          builder, loc, ptrType, i64Type, dimsPtr,
          ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(index)});
      value = LLVM::LoadOp::create(builder, loc, i64Type, address);
    }
    return value;
  };

  SmallVector<Value> operands(kernel.getNumArguments());
  for (auto [binding, argIndex] : llvm::enumerate(bindings)) {
    auto type = cast<MemRefType>(kernel.getArgumentTypes()[argIndex]);
    ArrayRef<int64_t> sources = dimSources[binding];
    Value address = LLVM::GEPOp::create(
        builder, loc, ptrType, ptrType, bindingsPtr,
        ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(binding)});
    Value pointer = LLVM::LoadOp::create(builder, loc, ptrType, address);

    Type descriptorType = typeConverter.convertType(type);
    if (!descriptorType)
      return wrapper.emitError() << "kernel '" << name << "': argument "
                                 << argIndex << " has no LLVM descriptor type";
    auto descriptor = MemRefDescriptor::poison(builder, loc, descriptorType);
    descriptor.setAllocatedPtr(builder, loc, pointer);
    descriptor.setAlignedPtr(builder, loc, pointer);
    descriptor.setConstantOffset(builder, loc, 0);
    // Dense row-major: strides are suffix products of the sizes.
    Value stride = constant(1);
    for (int64_t dim = type.getRank() - 1; dim >= 0; --dim) {
      Value size = sources[dim] >= 0 ? loadDim(sources[dim])
                                     : constant(type.getDimSize(dim));
      descriptor.setSize(builder, loc, dim, size);
      descriptor.setStride(builder, loc, dim, stride);
      if (dim > 0)
        stride = LLVM::MulOp::create(builder, loc, stride, size);
    }
    operands[argIndex] = UnrealizedConversionCastOp::create(
                             builder, loc, type, ValueRange{descriptor})
                             .getResult(0);
  }
  for (auto [argIndex, entryIndex] : scalars) {
    Type type = kernel.getArgumentTypes()[argIndex];
    Value value = loadDim(entryIndex);
    if (type.isIndex())
      value = arith::IndexCastOp::create(builder, loc, type, value);
    else if (type.getIntOrFloatBitWidth() < 64)
      value = arith::TruncIOp::create(builder, loc, type, value);
    operands[argIndex] = value;
  }
  for (int axis = 0; axis < 3; ++axis) {
    if (workgroupArgs[axis] < 0)
      continue;
    operands[workgroupArgs[axis]] = arith::IndexCastOp::create(
        builder, loc, builder.getIndexType(), entry->getArgument(2 + axis));
  }
  func::CallOp::create(builder, loc, kernel, operands);
  func::ReturnOp::create(builder, loc);
  return success();
}

struct AddAbiWrappersPass
    : kiln::cpu::impl::AddAbiWrappersPassBase<AddAbiWrappersPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    LLVMTypeConverter typeConverter(&getContext());
    SmallVector<func::FuncOp> kernels;
    for (auto func : module.getOps<func::FuncOp>())
      if (isKernel(func))
        kernels.push_back(func);
    for (func::FuncOp kernel : kernels)
      if (failed(addWrapper(kernel, typeConverter)))
        return signalPassFailure();
  }
};

} // namespace
