// SPDX-License-Identifier: Apache-2.0
//===- OutlineDispatches.cpp - dispatch regions to kernel functions -------===//

#include "passes/fusion/Passes.h"

#include "dialects/kexec/IR/KexecOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"

#include "llvm/ADT/StringExtras.h"

namespace mlir::kiln {
#define GEN_PASS_DEF_OUTLINEDISPATCHESPASS
#include "passes/fusion/Passes.h.inc"
} // namespace mlir::kiln

using namespace mlir;
using namespace mlir::kiln;

/// A kernel name from the root op's node name (or op name): C identifier
/// characters only, since it becomes a symbol of the kernel object.
static std::string getKernelBaseName(kexec::RegionOp region) {
  auto yield = cast<kexec::YieldOp>(region.getBody().front().getTerminator());
  Operation *root = yield.getValues().empty()
                        ? nullptr
                        : yield.getValues().front().getDefiningOp();
  StringRef name = root ? kexec::getNodeName(root->getLoc()) : StringRef();
  if (name.empty())
    name = root ? root->getName().stripDialect() : StringRef("kernel");
  std::string base;
  for (char c : name)
    base.push_back(llvm::isAlnum(c) ? c : '_');
  // Trim the separators exporters put first ("/layer1/conv" -> "layer1_conv").
  size_t first = base.find_first_not_of('_');
  base = first == std::string::npos ? "kernel" : base.substr(first);
  if (base.size() > 48)
    base.resize(48);
  return base;
}

/// The nested module holding kernels, created on first use.
static ModuleOp getOrCreateKernelModule(ModuleOp module, OpBuilder &builder) {
  for (auto nested : module.getOps<ModuleOp>())
    if (nested->hasAttr(kexec::kKernelModuleAttrName))
      return nested;
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(module.getBody());
  auto kernels = ModuleOp::create(builder, module.getLoc(), "kernels");
  kernels->setAttr(kexec::kKernelModuleAttrName, builder.getUnitAttr());
  return kernels;
}

/// Replaces `region` by a dispatch of a new kernel in `kernels`.
static LogicalResult outlineRegion(kexec::RegionOp region, ModuleOp kernels,
                                   SymbolTable &symbols, unsigned index) {
  OpBuilder builder(region);
  SetVector<Value> captured;
  getUsedValuesDefinedAbove(region.getBody(), captured);

  std::string name = getKernelBaseName(region) + "_" + std::to_string(index);
  auto type = builder.getFunctionType(
      llvm::to_vector(
          llvm::map_range(captured, [](Value v) { return v.getType(); })),
      region.getResultTypes());
  OpBuilder kernelBuilder = OpBuilder::atBlockEnd(kernels.getBody());
  auto kernel =
      func::FuncOp::create(kernelBuilder, region.getLoc(), name, type);
  symbols.insert(kernel);

  Block *entry = kernel.addEntryBlock();
  IRMapping mapping;
  for (auto [value, argument] : llvm::zip(captured, entry->getArguments()))
    mapping.map(value, argument);
  kernelBuilder.setInsertionPointToStart(entry);
  for (Operation &op : region.getBody().front().without_terminator())
    kernelBuilder.clone(op, mapping);
  auto yield = cast<kexec::YieldOp>(region.getBody().front().getTerminator());
  func::ReturnOp::create(
      kernelBuilder, yield.getLoc(),
      llvm::to_vector(llvm::map_range(
          yield.getValues(), [&](Value v) { return mapping.lookup(v); })));

  auto dispatch = kexec::DispatchOp::create(
      builder, region.getLoc(), region.getResultTypes(),
      SymbolRefAttr::get(kernels.getSymNameAttr(),
                         {FlatSymbolRefAttr::get(kernel.getSymNameAttr())}),
      captured.getArrayRef(), /*workgroup_count=*/nullptr);
  region.replaceAllUsesWith(dispatch.getResults());
  region.erase();
  return success();
}

namespace {
struct OutlineDispatchesPass
    : kiln::impl::OutlineDispatchesPassBase<OutlineDispatchesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<kexec::RegionOp> regions;
    module.walk([&](kexec::RegionOp region) { regions.push_back(region); });
    if (regions.empty())
      return;
    OpBuilder builder(&getContext());
    ModuleOp kernels = getOrCreateKernelModule(module, builder);
    SymbolTable symbols(kernels);
    unsigned index = 0;
    for (kexec::RegionOp region : regions)
      if (failed(outlineRegion(region, kernels, symbols, index++)))
        return signalPassFailure();
  }
};
} // namespace
