// SPDX-License-Identifier: Apache-2.0
//===- KernelUtils.cpp - shared helpers of the CPU code generator ---------===//

#include "compiler/targets/cpu/KernelUtils.h"

#include "compiler/targets/cpu/Passes.h"

#include "mlir/IR/BuiltinTypes.h"

#include <algorithm>

using namespace mlir;

namespace mlir::kiln::cpu {

namespace {

/// The first line of `message`, without a "kernel 'name': " prefix that the
/// caller adds anyway.
std::string oneLine(StringRef message, StringRef kernel) {
  message = message.trim();
  message = message.take_until([](char c) { return c == '\n'; });
  std::string prefix = ("kernel '" + kernel + "': ").str();
  message.consume_front(prefix);
  return message.str();
}

/// The name of the op a diagnostic shows in its "see current operation"
/// note (printed in generic form: `%0 = "dialect.op"(...)`), or "".
std::string getReportedOpName(Diagnostic &diag) {
  for (Diagnostic &note : diag.getNotes()) {
    std::string text = note.str();
    StringRef rest(text);
    if (!rest.consume_front("see current operation:"))
      continue;
    size_t open = rest.find('"');
    size_t close = open == StringRef::npos ? open : rest.find('"', open + 1);
    if (close != StringRef::npos)
      return rest.slice(open + 1, close).str();
  }
  return "";
}

} // namespace

std::string describeKernelError(Diagnostic &diag, StringRef kernel) {
  std::string error = oneLine(diag.str(), kernel);
  std::string op = getReportedOpName(diag);
  if (!op.empty() && !StringRef(error).contains(op))
    error += " (" + op + ")";
  return error;
}

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
