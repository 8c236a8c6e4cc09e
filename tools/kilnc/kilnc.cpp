// SPDX-License-Identifier: Apache-2.0
//===- kilnc.cpp - the Kiln compiler driver -------------------------------===//
//
//   kilnc MODEL -o OUT.kiln [--target=cpu|vulkan|cpu,vulkan] [--cpu=NAME]
//         [--target-triple=T]
//         [--input-shape NAME=DIMS]... [--emit=STAGE] [--stats]
//
// MODEL is an ONNX model (binary `.onnx` or textual `.onnxtxt`) or a kiln
// dialect program (`.mlir`). By default kilnc writes the `.kiln` artifact;
// --emit=STAGE prints the IR after an earlier stage instead. Errors are one
// line each, naming the file and the node; the exit status is non-zero and
// no output file is left behind.
//
//===----------------------------------------------------------------------===//

#include "compiler/driver/Compiler.h"
#include "compiler/importers/onnx/OnnxImporter.h"
#include "compiler/importers/onnx/OpTable.h"
#include "compiler/pipelines/Pipelines.h"
#include "dialects/kiln/IR/KilnDialect.h"
#include "dialects/kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace {

cl::OptionCategory kilncCategory("kilnc options");

cl::opt<std::string> inputPath(cl::Positional, cl::desc("<model>"),
                               cl::cat(kilncCategory));

cl::opt<std::string> outputPath("o", cl::desc("Output file ('-' for stdout)"),
                                cl::value_desc("path"), cl::init("-"),
                                cl::cat(kilncCategory));

using kiln::Stage;
cl::opt<Stage> emit(
    "emit", cl::desc("What to write:"), cl::init(Stage::Artifact),
    cl::values(
        clEnumValN(Stage::Import, "import",
                   "the kiln graph as imported, before graph passes"),
        clEnumValN(Stage::Kiln, "kiln",
                   "the kiln graph after the graph passes (shape "
                   "inference, canonicalization, CSE)"),
        clEnumValN(Stage::Linalg, "linalg",
                   "library calls outlined, the rest lowered to linalg"),
        clEnumValN(Stage::Dispatch, "dispatch",
                   "the kexec program with its kernels on tensors"),
        clEnumValN(Stage::Kexec, "kexec",
                   "the kexec program with compiled grids and memory plan"),
        clEnumValN(Stage::Artifact, "artifact",
                   "the .kiln artifact (default)")),
    cl::cat(kilncCategory));

cl::list<std::string>
    targets("target",
            cl::desc("Devices to compile for: cpu, vulkan, or both "
                     "(cpu,vulkan: one artifact; the session's device picks)"),
            cl::CommaSeparated, cl::cat(kilncCategory));

cl::opt<int64_t> vulkanWorkgroupSize(
    "vulkan-workgroup-size",
    cl::desc("Invocations per workgroup of Vulkan kernels (default 64)"),
    cl::init(64), cl::cat(kilncCategory));

cl::opt<bool> vulkanStageOperands(
    "vulkan-stage-operands",
    cl::desc("Stage matmul and convolution operand tiles in workgroup "
             "memory (default true; false suits CPU drivers such as "
             "lavapipe, whose barriers cost more than the reuse gains)"),
    cl::init(true), cl::cat(kilncCategory));

cl::list<std::string> vulkanCapabilities(
    "vulkan-capabilities",
    cl::desc("Optional SPIR-V capabilities Vulkan kernels may use, or none "
             "(default: Int8,Int16,Int64,Float16,Float64,"
             "StorageBuffer8BitAccess,StorageBuffer16BitAccess,"
             "GroupNonUniform,GroupNonUniformArithmetic)"),
    cl::CommaSeparated, cl::cat(kilncCategory));

cl::opt<std::string> cpu("cpu",
                         cl::desc("CPU to generate code for, as LLVM names "
                                  "it (default: this machine's, e.g. znver5)"),
                         cl::init(""), cl::cat(kilncCategory));

cl::opt<std::string>
    targetTriple("target-triple",
                 cl::desc("LLVM target triple (default: this machine's)"),
                 cl::init(""), cl::cat(kilncCategory));

cl::opt<bool> progress("progress",
                       cl::desc("Print each compile phase to stderr "
                                "(default: when stderr is a terminal)"),
                       cl::cat(kilncCategory));

cl::list<std::string>
    inputShapes("input-shape",
                cl::desc("Fix the shape of a model input, e.g. x=1x3x224x224 "
                         "(repeatable)"),
                cl::value_desc("name=dims"), cl::cat(kilncCategory));

cl::opt<bool> listOps("list-ops",
                      cl::desc("Print the supported ONNX operators as a "
                               "Markdown table and exit"),
                      cl::cat(kilncCategory));

/// Parses `--input-shape` values into the import options.
LogicalResult parseInputShapes(kiln::OnnxImportOptions &options) {
  for (StringRef spec : inputShapes) {
    auto [name, dims] = spec.rsplit('=');
    SmallVector<int64_t> shape;
    bool valid = !name.empty() && spec.contains('=');
    if (valid && !dims.empty()) {
      SmallVector<StringRef> parts;
      dims.split(parts, 'x');
      for (StringRef part : parts) {
        int64_t dim;
        if (part.getAsInteger(10, dim) || dim < 0) {
          valid = false;
          break;
        }
        shape.push_back(dim);
      }
    }
    if (!valid) {
      llvm::errs() << "kilnc: error: --input-shape '" << spec
                   << "' is not NAME=DIMS (e.g. x=1x3x224x224, or x= for "
                      "a scalar)\n";
      return failure();
    }
    options.inputShapes[name] = shape;
  }
  return success();
}

/// Prints a location as "file: 'name'" (ONNX nodes and values) or
/// "file:line:col" (text).
void printLocation(raw_ostream &os, Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    printLocation(os, name.getChildLoc());
    os << ": '" << name.getName().getValue() << "'";
  } else if (auto file = dyn_cast<FileLineColLoc>(loc)) {
    os << file.getFilename().getValue();
    if (file.getLine() != 0)
      os << ":" << file.getLine() << ":" << file.getColumn();
  } else if (auto fused = dyn_cast<FusedLoc>(loc);
             fused && !fused.getLocations().empty()) {
    printLocation(os, fused.getLocations().front());
  } else if (auto callSite = dyn_cast<CallSiteLoc>(loc)) {
    printLocation(os, callSite.getCallee());
  } else {
    os << "kilnc";
  }
}

/// The Markdown table of supported ONNX operators (docs/ops.md).
void printOpTable(raw_ostream &os) {
  SmallVector<const kiln::OpEntry *> entries = kiln::getAllOpEntries();
  os << "# Supported ONNX operators\n\n"
     << "Generated by `kilnc --list-ops`; do not edit. " << entries.size()
     << " operators of the default `ai.onnx` domain. A node imports when "
     << "the model's opset lies in its operator's range (an operator is the "
     << "same in every opset from its first supported one up to the next "
     << "change, so older models import too).\n\n"
     << "| ONNX operator | opsets | kiln op |\n| --- | --- | --- |\n";
  for (const kiln::OpEntry *entry : entries) {
    os << "| " << entry->onnxName << " | " << entry->minOpset << "–"
       << kiln::kLatestOnnxOpset << " | ";
    if (entry->kilnName.empty())
      os << "(several)";
    else
      os << "`" << entry->kilnName << "`";
    os << " |\n";
  }
}

/// Prints op counts, weight sizes and how many values keep a dynamic shape.
void printStats(ModuleOp module, raw_ostream &os) {
  llvm::StringMap<size_t> opCounts;
  size_t numOps = 0, numConstants = 0, numDynamic = 0;
  uint64_t weightBytes = 0;
  auto countDynamic = [&](Type type) {
    auto shaped = dyn_cast<ShapedType>(type);
    if (shaped && !shaped.hasStaticShape())
      ++numDynamic;
  };
  module.walk([&](Operation *op) {
    for (Region &region : op->getRegions())
      for (BlockArgument arg : region.getArguments())
        countDynamic(arg.getType());
    if (isa<ModuleOp, func::FuncOp, func::ReturnOp>(op))
      return;
    ++numOps;
    ++opCounts[op->getName().getStringRef()];
    for (Type type : op->getResultTypes())
      countDynamic(type);
    if (auto constant = dyn_cast<kiln::ConstantOp>(op)) {
      ++numConstants;
      ShapedType type = constant.getType();
      weightBytes += type.getNumElements() *
                     llvm::divideCeil(type.getElementTypeBitWidth(), 8);
    }
  });

  SmallVector<std::pair<StringRef, size_t>> counts;
  for (const auto &entry : opCounts)
    counts.emplace_back(entry.getKey(), entry.getValue());
  llvm::sort(counts, [](const auto &a, const auto &b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  os << "ops:            " << numOps << "\n";
  for (const auto &[name, count] : counts)
    os << "  " << name << ": " << count << "\n";
  os << "constants:      " << numConstants << " ("
     << llvm::format("%.2f", weightBytes / (1024.0 * 1024.0)) << " MiB)\n";
  os << "dynamic values: " << numDynamic << "\n";
}

/// Counts what is written and drops it: `--stats` without an output file
/// still reports the artifact's size.
class CountingStream : public raw_ostream {
public:
  CountingStream() { SetUnbuffered(); }

private:
  void write_impl(const char *, size_t size) override { position += size; }
  uint64_t current_pos() const override { return position; }
  uint64_t position = 0;
};

/// Prints what the compiled programs hold (`--stats` with an artifact or
/// the kexec stage), under a heading per target when there are several.
void printCompileStats(ArrayRef<kiln::CompileStats> programs,
                       raw_ostream &os) {
  auto mib = [](int64_t bytes) {
    if (bytes < 1024 * 1024)
      return llvm::format("%.1f KiB", bytes / 1024.0);
    return llvm::format("%.2f MiB", bytes / (1024.0 * 1024.0));
  };
  for (const kiln::CompileStats &stats : programs) {
    StringRef indent = programs.size() > 1 ? "  " : "";
    if (programs.size() > 1)
      os << stats.target << ":\n";
    os << indent;
    if (stats.arenaBytes >= 0)
      os << "arena:          " << mib(stats.arenaBytes) << " ("
         << stats.numArenaBuffers << " buffers)\n";
    else
      os << "arena:          " << stats.numArenaBuffers
         << " buffers, sized from the input dims when a run starts\n";
    if (stats.numDims)
      os << indent << "dims table:     " << stats.numDims << " entries\n";
    os << indent << "weights:        " << mib(stats.weightBytes) << " in "
       << stats.numWeights << " sections\n";
    os << indent << "kernels:        " << stats.numKernels << " ("
       << mib(stats.objectBytes) << " of code)\n";
    os << indent << "library calls:  " << stats.numLibraryCalls << "\n";
    os << indent << "copies:         " << stats.numCopies << "\n";
  }
  if (programs.front().artifactBytes)
    os << "artifact:       " << mib(programs.front().artifactBytes) << "\n";
}

/// Writes what `write` produces to `path` through a temporary file that is
/// renamed into place only once everything is written.
LogicalResult writeFile(StringRef path,
                        function_ref<LogicalResult(raw_ostream &)> write) {
  if (path == "-")
    return write(llvm::outs());
  auto temp = llvm::sys::fs::TempFile::create(path + ".tmp-%%%%%%");
  if (!temp) {
    llvm::errs() << "kilnc: error: cannot write '" << path
                 << "': " << llvm::toString(temp.takeError()) << "\n";
    return failure();
  }
  {
    llvm::raw_fd_ostream os(temp->FD, /*shouldClose=*/false);
    if (failed(write(os))) {
      llvm::consumeError(temp->discard());
      return failure();
    }
    os.flush();
    if (os.has_error()) {
      llvm::errs() << "kilnc: error: cannot write '" << path
                   << "': " << os.error().message() << "\n";
      os.clear_error();
      llvm::consumeError(temp->discard());
      return failure();
    }
  }
  if (llvm::Error error = temp->keep(path)) {
    llvm::errs() << "kilnc: error: cannot write '" << path
                 << "': " << llvm::toString(std::move(error)) << "\n";
    return failure();
  }
  return success();
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // LLVM's own -stats (pass statistics) means nothing to kilnc users; the
  // name is kilnc's graph summary instead.
  if (cl::Option *llvmStats = cl::getRegisteredOptions().lookup("stats"))
    llvmStats->removeArgument();
  static cl::opt<bool> stats(
      "stats",
      cl::desc("Print a summary of the compiled graph (op counts, weights, "
               "dynamic shapes) instead of the IR"),
      cl::cat(kilncCategory));
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::HideUnrelatedOptions(kilncCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "kilnc: compiles an ONNX model or kiln program\n\n"
      "  kilnc model.onnx -o model.kiln --stats\n"
      "  kilnc model.onnx --input-shape input=1x3x224x224 -o model.kiln\n"
      "  kilnc model.onnx --emit=kiln -o model.mlir\n\n"
      "MLIR's printing and debugging options (--mlir-print-ir-after-all,\n"
      "--mlir-elide-elementsattrs-if-larger=N, --mlir-timing, ...) work as in\n"
      "mlir-opt; --help-hidden lists them.\n");

  if (listOps) {
    printOpTable(llvm::outs());
    return 0;
  }
  // lld, linking kernels in process, resets every command-line option to its
  // default: keep what this run needs after code generation.
  const std::string output = outputPath;
  const bool printStatsOnly = stats;
  const Stage stage = emit;
  if (inputPath.empty()) {
    llvm::errs() << "kilnc: error: no input model (see kilnc --help)\n";
    return 1;
  }

  kiln::OnnxImportOptions options;
  if (failed(parseInputShapes(options)))
    return 1;

  DialectRegistry registry;
  registry
      .insert<kiln::KilnDialect, func::FuncDialect, tensor::TensorDialect>();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();

  // ONNX locations name a file and a node: one line per error.
  ScopedDiagnosticHandler oneLineErrors(&context, [](Diagnostic &diag) {
    if (diag.getSeverity() != DiagnosticSeverity::Error)
      return success();
    std::string line;
    llvm::raw_string_ostream os(line);
    printLocation(os, diag.getLocation());
    os << ": error: " << diag.str();
    // Names in a model may hold any bytes; keep the error on one line.
    for (char c : line) {
      if (static_cast<unsigned char>(c) < 0x20)
        llvm::errs() << llvm::format("\\x%02x", static_cast<unsigned char>(c));
      else
        llvm::errs() << c;
    }
    llvm::errs() << "\n";
    return success();
  });

  // --mlir-timing reports the import and every pass.
  DefaultTimingManager timing;
  applyDefaultTimingManagerCLOptions(timing);
  TimingScope rootTiming = timing.getRootScope();

  OwningOpRef<ModuleOp> module;
  StringRef path = inputPath;
  TimingScope importTiming = rootTiming.nest("Import");
  if (path.ends_with(".mlir")) {
    if (!options.inputShapes.empty()) {
      llvm::errs() << "kilnc: error: --input-shape applies to ONNX models; "
                      "a .mlir program states its own types\n";
      return 1;
    }
    llvm::SourceMgr sourceMgr;
    SourceMgrDiagnosticHandler sourceErrors(sourceMgr, &context);
    std::string error;
    std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &error);
    if (!file) {
      llvm::errs() << "kilnc: error: " << error << "\n";
      return 1;
    }
    sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
    if (!module)
      return 1;
  } else {
    FailureOr<OwningOpRef<ModuleOp>> imported =
        kiln::importOnnxFile(&context, path, options);
    if (failed(imported))
      return 1;
    module = std::move(*imported);
  }

  importTiming.stop();

  kiln::CompileOptions compileOptions;
  compileOptions.targets.clear();
  for (const std::string &name : targets) {
    if (name != "cpu" && name != "vulkan") {
      llvm::errs() << "kilnc: error: unknown --target '" << name
                   << "' (this build compiles for: cpu, vulkan)\n";
      return 1;
    }
    kiln::Target target =
        name == "vulkan" ? kiln::Target::Vulkan : kiln::Target::Cpu;
    if (llvm::is_contained(compileOptions.targets, target)) {
      llvm::errs() << "kilnc: error: --target names " << name << " twice\n";
      return 1;
    }
    compileOptions.targets.push_back(target);
  }
  if (compileOptions.targets.empty())
    compileOptions.targets.push_back(kiln::Target::Cpu);
  if (stage != Stage::Artifact && compileOptions.targets.size() > 1) {
    llvm::errs() << "kilnc: error: --emit shows one target's program; "
                    "--target names "
                 << compileOptions.targets.size() << "\n";
    return 1;
  }
  if (stage == Stage::Artifact && output == "-" && !printStatsOnly &&
      llvm::sys::Process::StandardOutIsDisplayed()) {
    llvm::errs() << "kilnc: error: not writing a binary artifact to a "
                    "terminal; name the output with -o MODEL.kiln\n";
    return 1;
  }

  TimingScope passTiming = rootTiming.nest("Compile");
  bool showProgress = progress.getNumOccurrences()
                          ? bool(progress)
                          : llvm::sys::Process::StandardErrIsDisplayed();
  if (vulkanWorkgroupSize < 1 || vulkanWorkgroupSize > 1024) {
    llvm::errs() << "kilnc: error: --vulkan-workgroup-size must be 1 to 1024\n";
    return 1;
  }
  compileOptions.vulkan.workgroupSize = vulkanWorkgroupSize;
  compileOptions.vulkan.stageOperands = vulkanStageOperands;
  if (vulkanCapabilities.getNumOccurrences()) {
    compileOptions.vulkan.capabilities.clear();
    for (const std::string &capability : vulkanCapabilities)
      if (capability != "none")
        compileOptions.vulkan.capabilities.push_back(capability);
  }
  compileOptions.cpu.triple = targetTriple;
  compileOptions.cpu.cpu = cpu;
  compileOptions.modelName = llvm::sys::path::stem(path).str();
  auto announce = [&](StringRef phase) {
    llvm::errs() << "kilnc: " << phase << "...\n";
  };
  if (showProgress)
    compileOptions.onPhase = announce;
  auto configure = [&](PassManager &pm) -> LogicalResult {
    pm.enableTiming(passTiming);
    return applyPassManagerCLOptions(pm);
  };
  compileOptions.configurePassManager = configure;

  std::vector<kiln::CompileStats> compileStats(1);
  auto writeStage = [&](raw_ostream &os) -> LogicalResult {
    if (stage == Stage::Artifact)
      return kiln::compileToArtifact(*module, compileOptions, os,
                                     &compileStats);
    if (failed(kiln::lowerToStage(*module, stage, compileOptions,
                                  &compileStats[0])))
      return failure();
    if (!printStatsOnly) {
      module->print(os);
      os << "\n";
    }
    return success();
  };
  // --stats without -o prints the summary only; with -o it also writes.
  if (printStatsOnly && (stage != Stage::Artifact || output == "-")) {
    CountingStream counter;
    if (failed(writeStage(counter)))
      return 1;
    if (stage == Stage::Kexec || stage == Stage::Artifact)
      printCompileStats(compileStats, llvm::outs());
    else
      printStats(*module, llvm::outs());
    return 0;
  }
  if (failed(writeFile(output, writeStage)))
    return 1;
  if (printStatsOnly)
    printCompileStats(compileStats, llvm::outs());
  return 0;
}
