// SPDX-License-Identifier: Apache-2.0
//===- LowerToSpirv.cpp - the gpu.module of kernels to a spirv.module -----===//

#include "compiler/targets/vulkan/Passes.h"

#include "compiler/targets/cpu/Passes.h"

#include "mlir/Conversion/GPUToSPIRV/GPUToSPIRVPass.h"
#include "mlir/Conversion/MathToSPIRV/MathToSPIRVPass.h"
#include "mlir/Conversion/MemRefToSPIRV/MemRefToSPIRVPass.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVOps.h"
#include "mlir/Dialect/SPIRV/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/Passes.h"

namespace mlir::kiln::vulkan {
#define GEN_PASS_DEF_LOWERTOSPIRVPASS
#include "compiler/targets/vulkan/Passes.h.inc"
} // namespace mlir::kiln::vulkan

using namespace mlir;

namespace {

/// The math functions GLSL.std.450 has no instruction for (or, for round,
/// leaves halfway cases to the driver), expanded into ones it has.
constexpr StringRef kExpandedMath[] = {"cttz",  "ctpop", "exp2",
                                       "fpowi", "ipowi", "round"};

/// ... and the ones approximated by polynomials (through f32 for smaller
/// floats).
constexpr StringRef kApproximatedMath[] = {"math.erf", "math.erfc",
                                           "math.cbrt"};

/// trunc(x) = x < 0 ? ceil(x) : floor(x); GLSL.std.450's Trunc has no
/// upstream conversion.
struct ExpandTrunc : OpRewritePattern<math::TruncOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::TruncOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getOperand();
    Value zero = arith::ConstantOp::create(
        rewriter, loc, rewriter.getZeroAttr(x.getType()));
    Value negative = arith::CmpFOp::create(
        rewriter, loc, arith::CmpFPredicate::OLT, x, zero);
    rewriter.replaceOpWithNewOp<arith::SelectOp>(
        op, negative, math::CeilOp::create(rewriter, loc, x),
        math::FloorOp::create(rewriter, loc, x));
    return success();
  }
};

/// |x| of f64 as a select (GLSL.std.450's FAbs takes f64, but upstream
/// converts it for 16- and 32-bit floats only).
struct ExpandAbsF64 : OpRewritePattern<math::AbsFOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(math::AbsFOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getType().isF64())
      return failure();
    Location loc = op.getLoc();
    Value x = op.getOperand();
    Value zero = arith::ConstantOp::create(rewriter, loc,
                                           rewriter.getF64FloatAttr(0.0));
    Value negative = arith::CmpFOp::create(
        rewriter, loc, arith::CmpFPredicate::OLT, x, zero);
    rewriter.replaceOpWithNewOp<arith::SelectOp>(
        op, negative, arith::NegFOp::create(rewriter, loc, x), x);
    return success();
  }
};

/// max/min of booleans are or/and: SPIR-V's integer max/min take no i1.
template <typename Op, typename Replacement>
struct BooleanMinMax : OpRewritePattern<Op> {
  using OpRewritePattern<Op>::OpRewritePattern;
  LogicalResult matchAndRewrite(Op op,
                                PatternRewriter &rewriter) const override {
    if (!op.getType().isInteger(1))
      return failure();
    rewriter.replaceOpWithNewOp<Replacement>(op, op.getLhs(), op.getRhs());
    return success();
  }
};

/// The type a buffer of `type` elements holds instead, or null when SPIR-V
/// stores `type` itself: floats of under 16 bits and integers of under 8
/// as a byte each (the runtime's layout for 4-bit types too), bf16 as i16.
Type getStorageType(Type type) {
  MLIRContext *ctx = type.getContext();
  if (auto f = dyn_cast<FloatType>(type)) {
    if (f.getWidth() < 16)
      return IntegerType::get(ctx, 8);
    if (f.isBF16())
      return IntegerType::get(ctx, 16);
    return {};
  }
  if (auto i = dyn_cast<IntegerType>(type))
    if (i.getWidth() > 1 && i.getWidth() < 8)
      return IntegerType::get(ctx, 8);
  return {};
}

/// `value` as type `to`, bit for bit (zero-extended or truncated when the
/// widths differ): between an element type and its storage type.
Value convertStored(OpBuilder &b, Location loc, Value value, Type to) {
  Type from = value.getType();
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (isa<FloatType>(from)) {
    value = arith::BitcastOp::create(b, loc, b.getIntegerType(fromWidth),
                                     value);
    from = value.getType();
  }
  Type toInt = b.getIntegerType(toWidth);
  if (fromWidth > toWidth)
    value = arith::TruncIOp::create(b, loc, toInt, value);
  else if (fromWidth < toWidth)
    value = arith::ExtUIOp::create(b, loc, toInt, value);
  if (isa<FloatType>(to))
    value = arith::BitcastOp::create(b, loc, to, value);
  return value;
}

/// Retypes the buffers (kernel arguments, workgroup temporaries) whose
/// elements SPIR-V cannot store, converting around their loads and stores.
LogicalResult storeSmallTypesAsIntegers(gpu::GPUModuleOp module) {
  auto retype = [](Value buffer) -> LogicalResult {
    auto type = dyn_cast<MemRefType>(buffer.getType());
    if (!type)
      return success();
    Type storage = getStorageType(type.getElementType());
    if (!storage)
      return success();
    Type element = type.getElementType();
    buffer.setType(MemRefType::get(type.getShape(), storage, type.getLayout(),
                                   type.getMemorySpace()));
    for (Operation *user : llvm::make_early_inc_range(buffer.getUsers())) {
      OpBuilder b(user);
      if (auto load = dyn_cast<memref::LoadOp>(user)) {
        SmallVector<OpOperand *> uses;
        for (OpOperand &use : load.getResult().getUses())
          uses.push_back(&use);
        b.setInsertionPointAfter(load);
        load.getResult().setType(storage);
        Value value = convertStored(b, load.getLoc(), load.getResult(),
                                    element);
        for (OpOperand *use : uses)
          use->set(value);
      } else if (auto store = dyn_cast<memref::StoreOp>(user)) {
        store.getValueMutable().assign(
            convertStored(b, store.getLoc(), store.getValue(), storage));
      } else if (!isa<memref::DeallocOp>(user)) {
        return user->emitOpError() << "on a buffer of " << element
                                   << " is not supported by the Vulkan target";
      }
    }
    return success();
  };
  WalkResult walk = module.walk([&](Operation *op) {
    if (auto func = dyn_cast<gpu::GPUFuncOp>(op)) {
      for (BlockArgument arg : func.getArguments())
        if (failed(retype(arg)))
          return WalkResult::interrupt();
      func.setFunctionType(FunctionType::get(
          func.getContext(), func.getBody().front().getArgumentTypes(), {}));
    } else if (isa<memref::AllocOp>(op)) {
      if (failed(retype(op->getResult(0))))
        return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

/// Whether `type` is an integer SPIR-V cannot compute on (2 to 7 bits).
bool isSubByteInteger(Type type) {
  auto integer = dyn_cast<IntegerType>(type);
  return integer && integer.getWidth() > 1 && integer.getWidth() < 8;
}

/// Computes on 2- to 7-bit integers (int4, uint4) in i8: every such value
/// becomes an i8 whose low bits hold it (the high bits are left as they
/// fall), and the ops that read more than those bits first sign- or
/// zero-extend them. SPIR-V's own emulation of such types loses the sign.
LogicalResult widenSubByteIntegers(gpu::GPUFuncOp func) {
  bool narrowFloats = false;
  SmallVector<Value> narrow;
  func.walk([&](Operation *op) {
    for (Value result : op->getResults()) {
      if (isSubByteInteger(result.getType()))
        narrow.push_back(result);
      if (auto f = dyn_cast<FloatType>(result.getType()))
        narrowFloats |= f.getWidth() < 8;
    }
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          if (isSubByteInteger(arg.getType()))
            narrow.push_back(arg);
  });
  // Float4/6 values left between bitcasts keep the upstream emulation.
  if (narrow.empty() || narrowFloats)
    return success();

  MLIRContext *ctx = func.getContext();
  Type i8 = IntegerType::get(ctx, 8);
  llvm::DenseMap<Value, unsigned> widths;
  for (Value value : narrow) {
    widths[value] = value.getType().getIntOrFloatBitWidth();
    value.setType(i8);
  }
  auto signedValue = [&](OpBuilder &b, Value v) -> Value {
    auto it = widths.find(v);
    if (it == widths.end())
      return v;
    Value shift = arith::ConstantIntOp::create(b, v.getLoc(), i8,
                                               8 - it->second);
    return arith::ShRSIOp::create(b, v.getLoc(),
                                  arith::ShLIOp::create(b, v.getLoc(), v, shift),
                                  shift);
  };
  auto unsignedValue = [&](OpBuilder &b, Value v) -> Value {
    auto it = widths.find(v);
    if (it == widths.end())
      return v;
    Value mask = arith::ConstantIntOp::create(b, v.getLoc(), i8,
                                              (1 << it->second) - 1);
    return arith::AndIOp::create(b, v.getLoc(), v, mask);
  };
  auto extendOperands = [&](Operation *op, bool isSigned) {
    OpBuilder b(op);
    for (OpOperand &operand : op->getOpOperands())
      operand.set(isSigned ? signedValue(b, operand.get())
                           : unsignedValue(b, operand.get()));
  };

  WalkResult walk = func.walk([&](Operation *op) {
    if (auto constant = dyn_cast<arith::ConstantOp>(op)) {
      if (widths.count(constant.getResult()))
        if (auto value = dyn_cast<IntegerAttr>(constant.getValue()))
          constant.setValueAttr(
              IntegerAttr::get(i8, value.getValue().sext(8)));
      return WalkResult::advance();
    }
    if (isa<arith::TruncIOp, arith::ExtSIOp, arith::ExtUIOp>(op)) {
      bool truncates = isa<arith::TruncIOp>(op);
      if (!truncates)
        extendOperands(op, isa<arith::ExtSIOp>(op));
      if (op->getOperand(0).getType() != op->getResult(0).getType())
        return WalkResult::advance();
      // Now from i8 to i8. An extension is its extended operand; a
      // truncation keeps its operand's bits, of which only the low ones
      // count (an identity op that stays narrow in `widths`).
      Value replacement = op->getOperand(0);
      if (truncates) {
        OpBuilder b(op);
        Value ones = arith::ConstantIntOp::create(b, op->getLoc(), i8, -1);
        replacement = arith::AndIOp::create(b, op->getLoc(), replacement, ones);
        widths[replacement] = widths.lookup(op->getResult(0));
      }
      op->getResult(0).replaceAllUsesWith(replacement);
      op->erase();
      return WalkResult::advance();
    }
    if (isa<arith::SIToFPOp, arith::ShRSIOp, arith::DivSIOp, arith::RemSIOp,
            arith::MaxSIOp, arith::MinSIOp, arith::CeilDivSIOp,
            arith::FloorDivSIOp, arith::IndexCastOp>(op)) {
      extendOperands(op, /*isSigned=*/true);
      return WalkResult::advance();
    }
    if (isa<arith::UIToFPOp, arith::ShRUIOp, arith::DivUIOp, arith::RemUIOp,
            arith::MaxUIOp, arith::MinUIOp, arith::CeilDivUIOp,
            arith::IndexCastUIOp>(op)) {
      extendOperands(op, /*isSigned=*/false);
      return WalkResult::advance();
    }
    if (auto compare = dyn_cast<arith::CmpIOp>(op)) {
      arith::CmpIPredicate predicate = compare.getPredicate();
      bool isSigned = predicate == arith::CmpIPredicate::slt ||
                      predicate == arith::CmpIPredicate::sle ||
                      predicate == arith::CmpIPredicate::sgt ||
                      predicate == arith::CmpIPredicate::sge;
      extendOperands(op, isSigned);
      return WalkResult::advance();
    }
    if (auto store = dyn_cast<memref::StoreOp>(op)) {
      // Buffers hold the value zero-extended (the runtime's 4-bit layout).
      OpBuilder b(op);
      store.getValueMutable().assign(unsignedValue(b, store.getValue()));
      return WalkResult::advance();
    }
    if (isa<arith::BitcastOp>(op) &&
        llvm::any_of(op->getOperands(),
                     [&](Value v) { return widths.count(v); })) {
      op->emitOpError("of a sub-byte integer is not supported by the Vulkan "
                      "target");
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(walk.wasInterrupted());
}

/// Math on f64 that GLSL.std.450 has only for 16- and 32-bit floats
/// computes in f32.
struct MathInF32 : RewritePattern {
  MathInF32(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}
  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    static constexpr StringRef kNames[] = {
        "math.acos",  "math.acosh", "math.asin", "math.asinh", "math.atan",
        "math.atan2", "math.atanh", "math.cos",  "math.cosh",  "math.erf",
        "math.erfc",  "math.exp",   "math.exp2", "math.expm1", "math.log",
        "math.log10", "math.log1p", "math.log2", "math.powf",  "math.sin",
        "math.sinh",  "math.tan",   "math.tanh", "math.cbrt"};
    if (!llvm::is_contained(kNames, op->getName().getStringRef()) ||
        op->getNumResults() != 1 || !op->getResult(0).getType().isF64() ||
        !llvm::all_of(op->getOperandTypes(),
                      [](Type type) { return type.isF64(); }))
      return failure();
    Location loc = op->getLoc();
    SmallVector<Value> operands;
    for (Value operand : op->getOperands())
      operands.push_back(
          arith::TruncFOp::create(rewriter, loc, rewriter.getF32Type(), operand));
    OperationState state(loc, op->getName(), operands,
                         TypeRange{rewriter.getF32Type()}, op->getAttrs());
    Operation *narrow = rewriter.create(state);
    rewriter.replaceOpWithNewOp<arith::ExtFOp>(op, rewriter.getF64Type(),
                                               narrow->getResult(0));
    return success();
  }
};

/// Whether an index constant of the kernels does not fit in 32 bits.
bool needs64BitIndices(ModuleOp module) {
  return module
      .walk([](arith::ConstantIndexOp constant) {
        int64_t value = constant.value();
        return value < INT32_MIN || value > INT32_MAX ? WalkResult::interrupt()
                                                      : WalkResult::advance();
      })
      .wasInterrupted();
}

struct LowerToSpirvPass
    : public kiln::vulkan::impl::LowerToSpirvPassBase<LowerToSpirvPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();

    RewritePatternSet math(ctx);
    math::populateExpansionPatterns(math, kExpandedMath);
    math.add<ExpandTrunc, ExpandAbsF64, MathInF32,
             BooleanMinMax<arith::MaxUIOp, arith::OrIOp>,
             BooleanMinMax<arith::MaxSIOp, arith::AndIOp>,
             BooleanMinMax<arith::MinUIOp, arith::AndIOp>,
             BooleanMinMax<arith::MinSIOp, arith::OrIOp>>(ctx);
    auto approximated = [](StringRef name) {
      return llvm::is_contained(kApproximatedMath, name);
    };
    populateMathF32ExpansionPatterns(math, approximated);
    populateMathPolynomialApproximationPatterns(math, approximated);
    if (failed(applyPatternsGreedily(module, std::move(math))))
      return signalPassFailure();

    // SPIR-V has no bf16 or 8-bit and smaller floats: arithmetic computes in
    // f32, conversions are bit operations, and buffers hold their bits.
    OpPassManager floats(ModuleOp::getOperationName());
    arith::ArithEmulateUnsupportedFloatsOptions bf16;
    bf16.sourceTypeStrs = {"bf16"};
    floats.addNestedPass<gpu::GPUModuleOp>(
        arith::createArithEmulateUnsupportedFloats(bf16));
    floats.addNestedPass<gpu::GPUModuleOp>(
        kiln::cpu::createExpandSmallFloatsPass());
    if (failed(runPipeline(floats, module)))
      return signalPassFailure();
    RewritePatternSet bits(ctx);
    arith::populateExpandBFloat16Patterns(bits);
    if (failed(applyPatternsGreedily(module, std::move(bits))))
      return signalPassFailure();
    for (auto gpuModule : module.getOps<gpu::GPUModuleOp>())
      if (failed(storeSmallTypesAsIntegers(gpuModule)))
        return signalPassFailure();
    // Fold the bitcast pairs the storage types left, then widen.
    OpPassManager fold(ModuleOp::getOperationName());
    fold.addPass(createCanonicalizerPass());
    if (failed(runPipeline(fold, module)))
      return signalPassFailure();
    WalkResult widened = module.walk([](gpu::GPUFuncOp func) {
      return failed(widenSubByteIntegers(func)) ? WalkResult::interrupt()
                                                : WalkResult::advance();
    });
    if (widened.wasInterrupted())
      return signalPassFailure();

    OpPassManager pm(ModuleOp::getOperationName());
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createMapMemRefStorageClassPass());
    pm.addPass(createConvertMathToSPIRVPass());
    // Indices are 32-bit unless an index constant needs more (Slice clamps
    // with sentinels near INT64_MIN/2).
    std::unique_ptr<Pass> toSpirv = createConvertGPUToSPIRVPass();
    if (needs64BitIndices(module) &&
        failed(toSpirv->initializeOptions(
            "use-64bit-index=true",
            [](const Twine &) { return failure(); })))
      return signalPassFailure();
    pm.addPass(std::move(toSpirv));
    OpPassManager &spirvModule = pm.nest<spirv::ModuleOp>();
    spirvModule.addPass(spirv::createSPIRVLowerABIAttributesPass());
    spirvModule.addPass(spirv::createSPIRVUpdateVCEPass());
    if (failed(runPipeline(pm, module)))
      return signalPassFailure();

    // A step's writes to buffers (outputs, scratch) must be visible to the
    // next step's invocations too, not only its workgroup memory writes:
    // upstream's barrier orders workgroup memory alone.
    module.walk([&](spirv::ControlBarrierOp barrier) {
      barrier.setMemorySemanticsAttr(spirv::MemorySemanticsAttr::get(
          ctx, spirv::MemorySemantics::AcquireRelease |
                   spirv::MemorySemantics::WorkgroupMemory |
                   spirv::MemorySemantics::UniformMemory));
    });

    for (auto gpuModule :
         llvm::make_early_inc_range(module.getOps<gpu::GPUModuleOp>()))
      gpuModule.erase();
  }
};

} // namespace
