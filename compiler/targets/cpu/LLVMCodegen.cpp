// SPDX-License-Identifier: Apache-2.0
//===- LLVMCodegen.cpp - target machine, O3 and object emission -----------===//

#include "compiler/targets/cpu/CpuBackend.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

using namespace llvm;

namespace mlir::kiln::cpu {

namespace {

void initializeTargets() {
  static std::once_flag once;
  std::call_once(once, [] {
    InitializeAllTargetInfos();
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
  });
}

std::string getHostFeatures() {
  SmallVector<std::string> features;
  for (const auto &feature : sys::getHostCPUFeatures())
    features.push_back((feature.second ? "+" : "-") + feature.first().str());
  llvm::sort(features);
  return join(features, ",");
}

bool hasFeature(StringRef features, StringRef name) {
  SmallVector<StringRef> list;
  features.split(list, ',', -1, false);
  bool enabled = false;
  for (StringRef feature : list) {
    if (feature.drop_front() == name)
      enabled = feature.front() == '+';
  }
  return enabled;
}

CodeGenOptLevel getCodeGenOptLevel(unsigned optLevel) {
  switch (optLevel) {
  case 0:
    return CodeGenOptLevel::None;
  case 1:
    return CodeGenOptLevel::Less;
  case 2:
    return CodeGenOptLevel::Default;
  default:
    return CodeGenOptLevel::Aggressive;
  }
}

} // namespace

Expected<CpuTargetMachine> createCpuTargetMachine(StringRef triple,
                                                  StringRef cpu,
                                                  StringRef features,
                                                  unsigned optLevel) {
  initializeTargets();
  CpuTargetMachine target;
  std::string host = Triple::normalize(sys::getProcessTriple());
  target.triple = triple.empty() ? host : Triple::normalize(triple);
  Triple parsed(target.triple);
  Triple hostTriple(host);
  target.isHost = parsed.getArch() == hostTriple.getArch() &&
                  parsed.getOS() == hostTriple.getOS();
  bool useHostCpu = target.isHost && triple.empty();
  target.cpu = !cpu.empty() ? cpu.str()
               : useHostCpu ? sys::getHostCPUName().str()
                            : std::string("generic");
  target.features = !features.empty()           ? features.str()
                    : useHostCpu && cpu.empty() ? getHostFeatures()
                                                : std::string();

  std::string error;
  const Target *llvmTarget = TargetRegistry::lookupTarget(parsed, error);
  if (!llvmTarget)
    return createStringError("unknown target triple '" + target.triple +
                             "': " + error);
  if (!parsed.isOSBinFormatELF())
    return createStringError("target triple '" + target.triple +
                             "' does not produce ELF objects");

  TargetOptions options;
  // Fused multiply-add wherever a multiply feeds an add.
  options.AllowFPOpFusion = FPOpFusion::Fast;
  target.machine.reset(llvmTarget->createTargetMachine(
      parsed, target.cpu, target.features, options, Reloc::PIC_,
      CodeModel::Small, getCodeGenOptLevel(optLevel)));
  if (!target.machine)
    return createStringError("cannot create a target machine for '" +
                             target.triple + "' (cpu '" + target.cpu + "')");

  // Vector width from the features the machine ends up with (a named CPU
  // implies its own).
  const MCSubtargetInfo *subtarget = target.machine->getMCSubtargetInfo();
  auto has = [&](StringRef name) {
    return hasFeature(target.features, name) ||
           (subtarget && subtarget->checkFeatures(("+" + name).str()));
  };
  if (parsed.isX86()) {
    target.hasAvx512 = has("avx512f");
    target.vectorBits = target.hasAvx512 ? 512 : has("avx") ? 256 : 128;
  } else {
    target.vectorBits = 128;
  }
  return target;
}

Expected<SmallVector<char, 0>> emitObject(Module &module,
                                          const CpuTargetMachine &target,
                                          ArrayRef<std::string> exported,
                                          unsigned optLevel) {
  TargetMachine &machine = *target.machine;
  module.setDataLayout(machine.createDataLayout());
  module.setTargetTriple(machine.getTargetTriple());

  StringSet<> exports;
  for (const std::string &name : exported)
    exports.insert(name);
  for (Function &function : module) {
    if (function.isDeclaration())
      continue;
    if (!exports.contains(function.getName()))
      function.setLinkage(GlobalValue::InternalLinkage);
    function.addFnAttr("target-cpu", target.cpu);
    if (!target.features.empty())
      function.addFnAttr("target-features", target.features);
    function.addFnAttr(Attribute::NoUnwind);
  }
  for (GlobalVariable &global : module.globals())
    if (!global.isDeclaration())
      global.setLinkage(GlobalValue::InternalLinkage);

  if (optLevel > 0) {
    LoopAnalysisManager loopAM;
    FunctionAnalysisManager functionAM;
    CGSCCAnalysisManager cgsccAM;
    ModuleAnalysisManager moduleAM;
    PipelineTuningOptions tuning;
    tuning.LoopVectorization = true;
    tuning.SLPVectorization = true;
    PassBuilder builder(&machine, tuning);
    builder.registerModuleAnalyses(moduleAM);
    builder.registerCGSCCAnalyses(cgsccAM);
    builder.registerFunctionAnalyses(functionAM);
    builder.registerLoopAnalyses(loopAM);
    builder.crossRegisterProxies(loopAM, functionAM, cgsccAM, moduleAM);
    OptimizationLevel level = optLevel == 1   ? OptimizationLevel::O1
                              : optLevel == 2 ? OptimizationLevel::O2
                                              : OptimizationLevel::O3;
    ModulePassManager passes = builder.buildPerModuleDefaultPipeline(level);
    passes.run(module, moduleAM);
  }

  SmallVector<char, 0> object;
  raw_svector_ostream stream(object);
  legacy::PassManager codegen;
  if (machine.addPassesToEmitFile(codegen, stream, nullptr,
                                  CodeGenFileType::ObjectFile))
    return createStringError("the target cannot emit object files");
  codegen.run(module);
  return object;
}

} // namespace mlir::kiln::cpu
