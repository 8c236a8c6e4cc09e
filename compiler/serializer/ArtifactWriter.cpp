// SPDX-License-Identifier: Apache-2.0
//===- ArtifactWriter.cpp - write a planned kexec module as .kiln ---------===//
//
// A straight walk of each host function: constants become weight sections,
// dispatches/calls/copies become commands, places become buffer refs. The
// FlatBuffers root comes first, then the 64-byte-aligned sections it
// addresses by file offset (runtime/schema/kiln.fbs).
//
//===----------------------------------------------------------------------===//

#include "compiler/serializer/ArtifactWriter.h"

#include "dialects/kexec/IR/KexecOps.h"
#include "passes/memory/DimsTable.h"
#include "passes/memory/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

#include "kiln_checksum.h"
#include "kiln_generated.h"

using namespace mlir;
using namespace mlir::kiln;
namespace fb = ::kiln::fb;

static constexpr uint64_t kSectionAlignment = 64;
/// Non-zero, so FlatBuffers stores the field; sealing overwrites it.
static constexpr uint64_t kChecksumPlaceholder = 1;

/// The artifact's element type for `type`, if it has one.
static std::optional<fb::ElementType> getElementType(Type type) {
  if (type.isF32())
    return fb::ElementType::F32;
  if (type.isF16())
    return fb::ElementType::F16;
  if (type.isBF16())
    return fb::ElementType::BF16;
  if (type.isF64())
    return fb::ElementType::F64;
  if (isa<Float8E4M3FNType>(type))
    return fb::ElementType::F8E4M3FN;
  if (isa<Float8E4M3FNUZType>(type))
    return fb::ElementType::F8E4M3FNUZ;
  if (isa<Float8E5M2Type>(type))
    return fb::ElementType::F8E5M2;
  if (isa<Float8E5M2FNUZType>(type))
    return fb::ElementType::F8E5M2FNUZ;
  if (isa<Float8E8M0FNUType>(type))
    return fb::ElementType::F8E8M0FNU;
  if (isa<Float4E2M1FNType>(type))
    return fb::ElementType::F4E2M1FN;
  auto integer = dyn_cast<IntegerType>(type);
  if (!integer)
    return std::nullopt;
  bool isUnsigned = integer.isUnsigned();
  switch (integer.getWidth()) {
  case 1:
    return fb::ElementType::Bool;
  case 4:
    return isUnsigned ? fb::ElementType::U4 : fb::ElementType::I4;
  case 8:
    return isUnsigned ? fb::ElementType::U8 : fb::ElementType::I8;
  case 16:
    return isUnsigned ? fb::ElementType::U16 : fb::ElementType::I16;
  case 32:
    return isUnsigned ? fb::ElementType::U32 : fb::ElementType::I32;
  case 64:
    return isUnsigned ? fb::ElementType::U64 : fb::ElementType::I64;
  default:
    return std::nullopt;
  }
}

/// The dense row-major bytes of constant `attr`, pointing into the attribute
/// (weights are not copied) or filled into `storage`.
static FailureOr<ArrayRef<char>> getConstantBytes(Attribute attr,
                                                  std::vector<char> &storage) {
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return failure();
    return blob->getData();
  }
  auto dense = dyn_cast<DenseElementsAttr>(attr);
  if (!dense)
    return failure();
  auto type = cast<ShapedType>(dense.getType());
  if (type.getElementType().isInteger(1)) {
    for (bool value : dense.getValues<bool>())
      storage.push_back(value ? 1 : 0);
    return ArrayRef<char>(storage);
  }
  // 4-bit elements take a byte each, the value in the low nibble
  // (kiln.fbs).
  if (type.getElementTypeBitWidth() == 4) {
    auto nibble = [](const APInt &bits) {
      return static_cast<char>(bits.getZExtValue() & 0xF);
    };
    if (isa<FloatType>(type.getElementType())) {
      for (const APFloat &value : dense.getValues<APFloat>())
        storage.push_back(nibble(value.bitcastToAPInt()));
    } else {
      for (const APInt &value : dense.getValues<APInt>())
        storage.push_back(nibble(value));
    }
    return ArrayRef<char>(storage);
  }
  if (type.getElementTypeBitWidth() % 8 != 0)
    return failure();
  ArrayRef<char> raw = dense.getRawData();
  if (!dense.isSplat())
    return raw;
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i)
    storage.insert(storage.end(), raw.begin(), raw.end());
  return ArrayRef<char>(storage);
}

// The compiler's dims ops are the artifact's.
static_assert(int64_t(DimsTable::Op::InputDim) ==
                  int64_t(fb::DimOp::InputDim) &&
              int64_t(DimsTable::Op::Max) == int64_t(fb::DimOp::Max) &&
              int64_t(DimsTable::Op::InputValue) ==
                  int64_t(fb::DimOp::InputValue) &&
              fb::DimOp::MAX == fb::DimOp::InputValue);

namespace {

/// A raw data section: bytes owned by the module's attributes, the caller's
/// executables, or `storage`.
struct Section {
  ArrayRef<char> data;
  std::vector<char> storage;
};

/// Builds the FlatBuffers root for given section offsets.
class ModelBuilder {
public:
  ModelBuilder(ArrayRef<TargetProgram> programs, const ArtifactInfo &info)
      : programs(programs), info(info) {}

  /// Collects the sections (weights of every function, then objects).
  LogicalResult collectSections();

  /// Serializes the model with sections at `offsets`.
  LogicalResult build(ArrayRef<uint64_t> offsets);

  flatbuffers::FlatBufferBuilder &getBuilder() { return builder; }
  std::vector<Section> &getSections() { return sections; }

private:
  flatbuffers::Offset<fb::Function> buildFunction(func::FuncOp func,
                                                  LogicalResult &status);
  FailureOr<flatbuffers::Offset<fb::TensorType>>
  buildTensorType(Type type, StringRef name, Value value = nullptr);
  FailureOr<fb::BufferRef> getBufferRef(Value value);
  FailureOr<flatbuffers::Offset<fb::Operand>> buildOperand(Value value);
  FailureOr<flatbuffers::Offset<fb::Command>> buildCommand(Operation *op);
  flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fb::PostOp>>>
  buildPostOps(ArrayAttr postOps, unsigned firstPostOperand);

  ArrayRef<TargetProgram> programs;
  const ArtifactInfo &info;
  flatbuffers::FlatBufferBuilder builder;
  std::vector<Section> sections;
  DenseMap<Operation *, uint32_t> weightSection;
  /// Per program, each kernel's index in its executable.
  std::vector<llvm::StringMap<uint32_t>> kernelIndex;
  /// The program whose function is being built.
  unsigned program = 0;
  /// The dims table of the function being built.
  DimsTable dims;
};

} // namespace

LogicalResult ModelBuilder::collectSections() {
  // Targets mostly share their weights: a section per distinct content.
  DenseMap<llvm::hash_code, SmallVector<uint32_t, 1>> byContent;
  for (const TargetProgram &target : programs) {
    ModuleOp module = target.module;
    for (auto func : module.getOps<func::FuncOp>()) {
      for (auto constant : func.getBody().getOps<arith::ConstantOp>()) {
        if (!isa<RankedTensorType>(constant.getType()))
          continue;
        Section section;
        FailureOr<ArrayRef<char>> bytes =
            getConstantBytes(constant.getValue(), section.storage);
        if (failed(bytes))
          return constant.emitError("cannot serialize constant of type ")
                 << constant.getType();
        section.data = *bytes;
        SmallVector<uint32_t, 1> &same =
            byContent[llvm::hash_value(StringRef(bytes->data(), bytes->size()))];
        auto it = llvm::find_if(same, [&](uint32_t index) {
          return sections[index].data == section.data;
        });
        if (it != same.end()) {
          weightSection[constant] = *it;
          continue;
        }
        same.push_back(sections.size());
        weightSection[constant] = sections.size();
        sections.push_back(std::move(section));
      }
    }
  }
  for (const TargetProgram &target : programs) {
    Section section;
    section.data = ArrayRef<char>(target.executable.object);
    sections.push_back(std::move(section));
    llvm::StringMap<uint32_t> &indices = kernelIndex.emplace_back();
    for (auto [index, kernel] : llvm::enumerate(target.executable.kernels))
      indices[kernel.name] = index;
  }
  return success();
}

/// `type` as the artifact declares it; an output `value` with dynamic dims
/// also gives each dim's Size.
FailureOr<flatbuffers::Offset<fb::TensorType>>
ModelBuilder::buildTensorType(Type type, StringRef name, Value value) {
  auto tensor = cast<RankedTensorType>(type);
  std::vector<int64_t> shape;
  std::vector<flatbuffers::Offset<flatbuffers::String>> dimNames;
  for (int64_t dim : tensor.getShape()) {
    shape.push_back(ShapedType::isDynamic(dim) ? -1 : dim);
    dimNames.push_back(builder.CreateString(""));
  }
  flatbuffers::Offset<flatbuffers::Vector<int64_t>> dimSizes;
  if (value && !tensor.hasStaticShape()) {
    FailureOr<SmallVector<int64_t>> sizes = getShapeSizes(value, dims);
    if (failed(sizes))
      return failure();
    dimSizes = builder.CreateVector(sizes->data(), sizes->size());
  }
  return fb::CreateTensorType(builder, builder.CreateString(name.str()),
                              *getElementType(tensor.getElementType()),
                              builder.CreateVector(shape),
                              builder.CreateVector(dimNames), dimSizes);
}

FailureOr<fb::BufferRef> ModelBuilder::getBufferRef(Value value) {
  FailureOr<int64_t> byteSize = getByteSize(value, dims);
  if (failed(byteSize))
    return failure();
  int64_t length = *byteSize;
  Value root = getStorageRoot(value);
  if (auto argument = dyn_cast<BlockArgument>(root))
    return fb::BufferRef(fb::MemorySpace::Input, argument.getArgNumber(), 0,
                         length);
  Operation *def = root.getDefiningOp();
  if (auto it = weightSection.find(def); it != weightSection.end())
    return fb::BufferRef(fb::MemorySpace::Weight, it->second, 0, length);
  auto places = def->getAttrOfType<ArrayAttr>(kexec::kPlacesAttrName);
  if (!places)
    return def->emitError("has no planned place (run kiln-plan-memory)");
  auto place =
      cast<kexec::PlaceAttr>(places[cast<OpResult>(root).getResultNumber()]);
  switch (place.getSpace()) {
  case kexec::MemorySpace::arena:
    return fb::BufferRef(fb::MemorySpace::Arena, place.getIndex(), 0, length);
  case kexec::MemorySpace::output:
    return fb::BufferRef(fb::MemorySpace::Output, place.getIndex(), 0, length);
  default:
    return def->emitError("unexpected place ") << place;
  }
}

FailureOr<flatbuffers::Offset<fb::Operand>>
ModelBuilder::buildOperand(Value value) {
  FailureOr<fb::BufferRef> buffer = getBufferRef(value);
  if (failed(buffer))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = getShapeSizes(value, dims);
  if (failed(shape))
    return failure();
  auto type = cast<RankedTensorType>(value.getType());
  return fb::CreateOperand(builder, &*buffer,
                           *getElementType(type.getElementType()),
                           builder.CreateVector(shape->data(), shape->size()),
                           kexec::isChannelsLast(value)
                               ? fb::Layout::ChannelsLast
                               : fb::Layout::RowMajor);
}

flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fb::PostOp>>>
ModelBuilder::buildPostOps(ArrayAttr postOps, unsigned firstPostOperand) {
  std::vector<flatbuffers::Offset<fb::PostOp>> result;
  for (auto postOp : postOps.getAsRange<kexec::PostOpAttr>()) {
    int32_t operand = postOp.getOperand() < 0
                          ? -1
                          : int32_t(firstPostOperand + postOp.getOperand());
    result.push_back(
        fb::CreatePostOp(builder, static_cast<fb::PostOpKind>(postOp.getKind()),
                         postOp.getAlpha().convertToFloat(),
                         postOp.getBeta().convertToFloat(), operand));
  }
  return builder.CreateVector(result);
}

FailureOr<flatbuffers::Offset<fb::Command>>
ModelBuilder::buildCommand(Operation *op) {
  auto name = builder.CreateString(kexec::getNodeName(op->getLoc()).str());
  auto buildRefs =
      [&](ValueRange values) -> FailureOr<std::vector<fb::BufferRef>> {
    std::vector<fb::BufferRef> refs;
    // A kernel sees a channels-last tensor in memory order (its types say
    // so, as the dispatch verifier checks): a buffer is just bytes to it.
    for (Value value : values) {
      FailureOr<fb::BufferRef> ref = getBufferRef(value);
      if (failed(ref))
        return failure();
      refs.push_back(*ref);
    }
    return refs;
  };
  // Library call operands: all operands, then the results.
  auto buildOperands = [&](ValueRange values)
      -> FailureOr<flatbuffers::Offset<
          flatbuffers::Vector<flatbuffers::Offset<fb::Operand>>>> {
    std::vector<flatbuffers::Offset<fb::Operand>> operands;
    for (Value value : values) {
      auto operand = buildOperand(value);
      if (failed(operand))
        return failure();
      operands.push_back(*operand);
    }
    return builder.CreateVector(operands);
  };
  auto buildCall = [&](fb::CallParams type, flatbuffers::Offset<void> params)
      -> FailureOr<flatbuffers::Offset<fb::Command>> {
    auto operands = buildOperands(op->getOperands());
    auto results = buildOperands(op->getResults());
    if (failed(operands) || failed(results))
      return failure();
    auto call = fb::CreateCall(builder, type, params, *operands, *results);
    return fb::CreateCommand(builder, fb::CommandOp::Call, call.Union(), name);
  };
  auto vec = [&](ArrayRef<int64_t> values) {
    return builder.CreateVector(values.data(), values.size());
  };

  if (auto dispatch = dyn_cast<kexec::DispatchOp>(op)) {
    StringRef kernel = dispatch.getKernel().getLeafReference();
    auto it = kernelIndex[program].find(kernel);
    if (it == kernelIndex[program].end())
      return op->emitError("kernel '") << kernel << "' was not compiled";
    std::optional<ArrayRef<int64_t>> grid = dispatch.getWorkgroupCount();
    if (!grid || grid->size() != 3)
      return op->emitError("has no workgroup count");
    // Index operands are not bindings: kernels read them from the dims.
    SmallVector<Value> bindings;
    for (Value operand : dispatch.getOperands())
      if (isa<RankedTensorType>(operand.getType()))
        bindings.push_back(operand);
    llvm::append_range(bindings, dispatch.getResults());
    auto refs = buildRefs(bindings);
    if (failed(refs))
      return failure();
    auto command = fb::CreateDispatch(builder, it->second, vec(*grid),
                                      builder.CreateVectorOfStructs(*refs));
    return fb::CreateCommand(builder, fb::CommandOp::Dispatch, command.Union(),
                             name);
  }
  if (auto conv = dyn_cast<kexec::ConvolutionOp>(op)) {
    unsigned firstPostOperand = 2 + (conv.getBias() ? 1 : 0);
    auto params = fb::CreateConvolution(
        builder, vec(conv.getStrides()), vec(conv.getDilations()),
        vec(conv.getPadsBegin()), vec(conv.getPadsEnd()), conv.getGroups(),
        conv.getTransposed(), conv.getBias() != nullptr,
        buildPostOps(conv.getPostOps(), firstPostOperand));
    return buildCall(fb::CallParams::Convolution, params.Union());
  }
  if (auto matmul = dyn_cast<kexec::MatMulOp>(op)) {
    unsigned firstPostOperand = 2 + (matmul.getBias() ? 1 : 0);
    auto params = fb::CreateMatMul(
        builder, matmul.getTransposeA(), matmul.getTransposeB(),
        matmul.getAlpha().convertToFloat(), matmul.getBeta().convertToFloat(),
        matmul.getBias() != nullptr,
        buildPostOps(matmul.getPostOps(), firstPostOperand));
    return buildCall(fb::CallParams::MatMul, params.Union());
  }
  if (auto pool = dyn_cast<kexec::PoolingOp>(op)) {
    fb::PoolKind kind = pool.getKind() == "max" ? fb::PoolKind::Max
                        : pool.getKind() == "avg_include_pad"
                            ? fb::PoolKind::AverageIncludePad
                            : fb::PoolKind::AverageExcludePad;
    auto params =
        fb::CreatePooling(builder, kind, vec(pool.getKernel()),
                          vec(pool.getStrides()), vec(pool.getDilations()),
                          vec(pool.getPadsBegin()), vec(pool.getPadsEnd()));
    return buildCall(fb::CallParams::Pooling, params.Union());
  }
  if (auto copy = dyn_cast<kexec::CopyOp>(op)) {
    // Outputs are row-major.
    if (kexec::isChannelsLast(copy.getSource()))
      return op->emitError("copies a channels-last tensor; only library "
                           "calls and kernels take that layout");
    auto source = getBufferRef(copy.getSource());
    auto target = getBufferRef(copy.getResult());
    if (failed(source) || failed(target))
      return failure();
    auto command = fb::CreateCopy(builder, &*source, &*target);
    return fb::CreateCommand(builder, fb::CommandOp::Copy, command.Union(),
                             name);
  }
  return op->emitError("cannot serialize '") << op->getName() << "'";
}

flatbuffers::Offset<fb::Function>
ModelBuilder::buildFunction(func::FuncOp func, LogicalResult &status) {
  status = failure();
  FailureOr<DimsTable> table = DimsTable::load(func);
  if (failed(table))
    return {};
  dims = std::move(*table);
  // Element types as the model declared them (before unsigned types became
  // signless for code generation).
  FunctionType type = func.getFunctionType();
  if (auto original = func->getAttrOfType<TypeAttr>("kexec.original_type"))
    type = cast<FunctionType>(original.getValue());
  auto nameOf = [](DictionaryAttr attrs, unsigned index, StringRef prefix) {
    if (attrs)
      if (auto name = attrs.getAs<StringAttr>("kiln.name"))
        return name.str();
    return (prefix + Twine(index)).str();
  };
  std::vector<flatbuffers::Offset<fb::TensorType>> inputs, outputs;
  for (auto [index, input] : llvm::enumerate(type.getInputs())) {
    if (!isa<RankedTensorType>(input) ||
        !getElementType(cast<RankedTensorType>(input).getElementType())) {
      func.emitError("input ") << index << " has unsupported type " << input;
      return {};
    }
    inputs.push_back(*buildTensorType(
        input, nameOf(func.getArgAttrDict(index), index, "input_")));
  }
  Operation *terminator = func.getBody().front().getTerminator();
  for (auto [index, output] : llvm::enumerate(type.getResults())) {
    if (!isa<RankedTensorType>(output) ||
        !getElementType(cast<RankedTensorType>(output).getElementType())) {
      func.emitError("output ") << index << " has unsupported type " << output;
      return {};
    }
    auto tensorType = buildTensorType(
        output, nameOf(func.getResultAttrDict(index), index, "output_"),
        terminator->getOperand(index));
    if (failed(tensorType))
      return {};
    outputs.push_back(*tensorType);
  }

  std::vector<flatbuffers::Offset<fb::Command>> commands;
  for (Operation &op : func.getBody().front().without_terminator()) {
    // Constants are weights, reshapes alias, index arithmetic is in the dims.
    if (isa<arith::ConstantOp>(op) || isBufferAlias(&op) ||
        llvm::none_of(op.getResultTypes(), llvm::IsaPred<RankedTensorType>))
      continue;
    FailureOr<flatbuffers::Offset<fb::Command>> command = buildCommand(&op);
    if (failed(command))
      return {};
    commands.push_back(*command);
  }

  std::vector<fb::ArenaBuffer> buffers;
  if (auto list = func->getAttrOfType<ArrayAttr>(kexec::kArenaBuffersAttrName))
    for (auto entry : list.getAsRange<DenseI64ArrayAttr>())
      buffers.emplace_back(entry[0], entry[1], entry[2], entry[3]);
  auto arenaSize = func->getAttrOfType<IntegerAttr>(kexec::kArenaSizeAttrName);
  if (!arenaSize) {
    func.emitError("has no memory plan (run kiln-plan-memory)");
    return {};
  }
  std::vector<fb::DimExpr> dimExprs;
  for (const DimsTable::Entry &entry : dims.getEntries())
    dimExprs.emplace_back(static_cast<fb::DimOp>(entry.op), entry.a, entry.b);
  std::vector<flatbuffers::Offset<fb::Check>> checks;
  if (auto list = func->getAttrOfType<ArrayAttr>(kexec::kChecksAttrName))
    for (auto check : list.getAsRange<ArrayAttr>())
      checks.push_back(fb::CreateCheck(
          builder, cast<IntegerAttr>(check[0]).getInt(),
          builder.CreateString(cast<StringAttr>(check[1]).getValue().str())));
  status = success();
  return fb::CreateFunction(
      builder, builder.CreateString(func.getSymName().str()),
      builder.CreateVector(inputs), builder.CreateVector(outputs),
      builder.CreateVectorOfStructs(dimExprs),
      builder.CreateVectorOfStructs(buffers), arenaSize.getInt(),
      builder.CreateVector(commands), builder.CreateVector(checks),
      /*executable=*/program);
}

LogicalResult ModelBuilder::build(ArrayRef<uint64_t> offsets) {
  builder.Clear();
  std::vector<flatbuffers::Offset<fb::Function>> fbFunctions;
  for (auto [index, target] : llvm::enumerate(programs)) {
    program = index;
    ModuleOp module = target.module;
    for (auto func : module.getOps<func::FuncOp>()) {
      LogicalResult status = success();
      auto function = buildFunction(func, status);
      if (failed(status))
        return failure();
      fbFunctions.push_back(function);
    }
  }
  std::vector<flatbuffers::Offset<fb::Executable>> fbExecutables;
  size_t firstObject = sections.size() - programs.size();
  for (auto [index, target] : llvm::enumerate(programs)) {
    const ExecutableBlob &executable = target.executable;
    std::vector<flatbuffers::Offset<fb::Kernel>> kernels;
    for (const ExecutableBlob::Kernel &kernel : executable.kernels)
      kernels.push_back(fb::CreateKernel(
          builder, builder.CreateString(kernel.name), kernel.bindings,
          kernel.codeOffset, kernel.codeSize,
          kernel.scratchBytes.empty()
              ? 0
              : builder.CreateVector(kernel.scratchBytes)));
    auto features = builder.CreateVectorOfStrings(executable.features);
    fbExecutables.push_back(fb::CreateExecutable(
        builder, builder.CreateString(executable.target),
        builder.CreateString(executable.cpu),
        builder.CreateString(executable.format), firstObject + index,
        builder.CreateVector(kernels),
        ::kiln::artifact::Fnv1a64(
            reinterpret_cast<const uint8_t *>(executable.object.data()),
            executable.object.size()),
        features));
  }
  std::vector<fb::Section> fbSections;
  for (auto [section, offset] : llvm::zip(sections, offsets))
    fbSections.emplace_back(offset, section.data.size());
  auto model = fb::CreateModel(
      builder, kArtifactFormatVersion, builder.CreateString(info.producer),
      builder.CreateString(info.modelName), builder.CreateVector(fbFunctions),
      builder.CreateVector(fbExecutables),
      builder.CreateVectorOfStructs(fbSections),
      /*checksum=*/kChecksumPlaceholder);
  fb::FinishModelBuffer(builder, model);
  return success();
}

LogicalResult mlir::kiln::writeArtifact(ArrayRef<TargetProgram> programs,
                                        const ArtifactInfo &info,
                                        llvm::raw_ostream &os) {
  assert(!programs.empty() && "an artifact holds at least one program");
  ModuleOp module = programs.front().module;
  for (const TargetProgram &target : programs) {
    ModuleOp program = target.module;
    if (program.getOps<func::FuncOp>().empty())
      return program.emitError("has no function to serialize");
  }

  ModelBuilder modelBuilder(programs, info);
  if (failed(modelBuilder.collectSections()))
    return failure();
  std::vector<Section> &sections = modelBuilder.getSections();

  // Offsets are fixed-width fields: a first build measures the root, a
  // second writes the real offsets at the same size.
  std::vector<uint64_t> offsets(sections.size(), 0);
  if (failed(modelBuilder.build(offsets)))
    return failure();
  uint64_t rootSize = modelBuilder.getBuilder().GetSize();
  uint64_t offset = llvm::alignTo(rootSize, kSectionAlignment);
  for (auto [index, section] : llvm::enumerate(sections)) {
    offsets[index] = offset;
    offset = llvm::alignTo(offset + section.data.size(), kSectionAlignment);
  }
  if (failed(modelBuilder.build(offsets)))
    return failure();
  flatbuffers::FlatBufferBuilder &builder = modelBuilder.getBuilder();
  if (builder.GetSize() != rootSize)
    return module.emitError("artifact root changed size between builds");

  // The metadata (everything before the first section) carries its own
  // checksum, computed with the checksum field as zeros.
  std::vector<uint8_t> metadata(llvm::alignTo(rootSize, kSectionAlignment), 0);
  std::memcpy(metadata.data(), builder.GetBufferPointer(), rootSize);
  fb::Model *model = fb::GetMutableModel(metadata.data());
  if (!model->mutate_checksum(::kiln::artifact::ComputeModelChecksum(
          metadata.data(), metadata.size(), model)))
    return module.emitError("artifact checksum field is not stored");
  os.write(reinterpret_cast<const char *>(metadata.data()), metadata.size());
  uint64_t written = metadata.size();
  for (auto [section, sectionOffset] : llvm::zip(sections, offsets)) {
    os.write_zeros(sectionOffset - written);
    os.write(section.data.data(), section.data.size());
    written = sectionOffset + section.data.size();
  }
  os.write_zeros(llvm::alignTo(written, kSectionAlignment) - written);
  return success();
}
