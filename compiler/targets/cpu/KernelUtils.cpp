// SPDX-License-Identifier: Apache-2.0
//===- KernelUtils.cpp - shared helpers of the CPU code generator ---------===//

#include "compiler/targets/cpu/KernelUtils.h"

#include "compiler/targets/cpu/Passes.h"

#include "mlir/IR/BuiltinTypes.h"

#include <algorithm>

using namespace mlir;

namespace mlir::kiln::cpu {

bool isKernel(func::FuncOp func) {
  return !func.isExternal() && func.isPublic();
}

SmallVector<BlockArgument> getOutputArguments(func::FuncOp func) {
  SmallVector<std::pair<int64_t, BlockArgument>> outputs;
  for (BlockArgument arg : func.getArguments())
    if (auto index =
            func.getArgAttrOfType<IntegerAttr>(arg.getArgNumber(), kOutputAttr))
      outputs.push_back({index.getInt(), arg});
  llvm::stable_sort(outputs,
                    [](auto &a, auto &b) { return a.first < b.first; });
  return llvm::to_vector(
      llvm::map_range(outputs, [](auto &p) { return p.second; }));
}

bool hasWorkgroupIdArguments(func::FuncOp func) {
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    if (func.getArgAttr(i, kWorkgroupIdAttr))
      return true;
  return false;
}

func::ReturnOp getSingleReturn(func::FuncOp func) {
  if (!func.getBody().hasOneBlock())
    return nullptr;
  return dyn_cast<func::ReturnOp>(func.getBody().front().getTerminator());
}

int64_t getVectorLanes(Type elementType, unsigned vectorBits) {
  unsigned bits = elementType.isIntOrFloat()
                      ? std::max(16u, elementType.getIntOrFloatBitWidth())
                      : 32u;
  return std::max<int64_t>(1, vectorBits / bits);
}

} // namespace mlir::kiln::cpu
