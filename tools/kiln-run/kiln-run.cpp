// SPDX-License-Identifier: Apache-2.0
//
// kiln-run: runs a .kiln artifact on inputs from .npy / ONNX .pb files or
// random data, prints a summary of each output, writes outputs as .npy, and
// measures latency. Links only the Kiln runtime.
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "kiln/kiln.hpp"
#include "profile.h"
#include "tensor_file.h"

namespace kiln::run {
namespace {

constexpr const char* kUsage =
    "usage: kiln-run MODEL.kiln [options]\n"
    "\n"
    "Runs a function of a Kiln artifact on a device (the CPU unless\n"
    "--device says otherwise) and prints its outputs.\n"
    "\n"
    "options:\n"
    "  --input NAME=FILE.npy|FILE.pb|random\n"
    "                        the value of input NAME: a NumPy file, an ONNX\n"
    "                        TensorProto file, or seeded random data; every\n"
    "                        input needs one\n"
    "  --input-shape NAME=D0xD1x...\n"
    "                        the shape of a random input (default: the\n"
    "                        signature's, each dynamic dim 1)\n"
    "  --seed N              seed of the random inputs (default 0)\n"
    "  --function NAME       the function to run (default: main)\n"
    "  --device NAME         the device (default: cpu)\n"
    "  --threads T           threads per run (default: OMP_NUM_THREADS or\n"
    "                        the core count)\n"
    "  --output-dir DIR      write each output to DIR/<name>.npy\n"
    "  --print               print every output value, not the first few\n"
    "  --bench N             time N runs and print latency statistics\n"
    "  --warmup M            untimed runs before timing (default 1)\n"
    "  --profile             time every command of the runs (the --bench\n"
    "                        runs, else the one run) and print where the\n"
    "                        time goes: per kind and the slowest commands,\n"
    "                        with GFLOP/s of library calls\n"
    "  --profile-top K       commands listed by --profile (default 25)\n"
    "  --profile-csv FILE    also write every command's times to FILE\n"
    "  --help                print this help\n";

/// An error the user can fix; printed as one line.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct InputSource {
  std::string name;
  std::string source;
};

struct Options {
  std::string model;
  std::string device = "cpu";
  std::string function;
  std::string output_dir;
  std::vector<InputSource> inputs;
  std::map<std::string, std::vector<int64_t>> input_shapes;
  uint64_t seed = 0;
  int64_t bench = 0;
  int64_t warmup = 1;
  int32_t threads = 0;
  bool profile = false;
  int64_t profile_top = 25;
  std::string profile_csv;
  bool print = false;
  bool help = false;
};

int64_t ParseInteger(const std::string& text, const std::string& option,
                     int64_t min, int64_t max) {
  char* end = nullptr;
  errno = 0;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || value < min ||
      value > max) {
    throw UsageError(option + " expects an integer in [" + std::to_string(min) +
                     ", " + std::to_string(max) + "], got '" + text + "'");
  }
  return value;
}

std::vector<int64_t> ParseShape(const std::string& text,
                                const std::string& name) {
  std::vector<int64_t> shape;
  if (text.empty() || text == "scalar") return shape;
  size_t start = 0;
  while (true) {
    size_t x = text.find('x', start);
    shape.push_back(ParseInteger(text.substr(start, x - start),
                                 "--input-shape " + name, 0, int64_t{1} << 40));
    if (x == std::string::npos) break;
    start = x + 1;
  }
  return shape;
}

std::pair<std::string, std::string> SplitAssignment(const std::string& text,
                                                    const char* option) {
  size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw UsageError(std::string(option) + " expects NAME=VALUE, got '" + text +
                     "'");
  }
  return {text.substr(0, equals), text.substr(equals + 1)};
}

Options ParseArguments(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    if (argument.rfind("--", 0) != 0 || argument == "--") {
      if (!options.model.empty()) {
        throw UsageError("unexpected argument '" + argument +
                         "' (the model is '" + options.model + "')");
      }
      options.model = argument;
      continue;
    }
    std::string name = argument, value;
    bool has_value = false;
    size_t equals = argument.find('=');
    if (equals != std::string::npos) {
      name = argument.substr(0, equals);
      value = argument.substr(equals + 1);
      has_value = true;
    }
    auto take_value = [&]() -> std::string {
      if (has_value) return value;
      if (i + 1 >= argc) throw UsageError(name + " needs a value");
      return argv[++i];
    };
    if (name == "--help") {
      options.help = true;
    } else if (name == "--print") {
      options.print = true;
    } else if (name == "--input") {
      auto [input, source] = SplitAssignment(take_value(), "--input");
      options.inputs.push_back({input, source});
    } else if (name == "--input-shape") {
      auto [input, shape] = SplitAssignment(take_value(), "--input-shape");
      options.input_shapes[input] = ParseShape(shape, input);
    } else if (name == "--seed") {
      options.seed = static_cast<uint64_t>(
          ParseInteger(take_value(), "--seed", 0, INT64_MAX));
    } else if (name == "--function") {
      options.function = take_value();
    } else if (name == "--device") {
      options.device = take_value();
    } else if (name == "--threads") {
      options.threads = static_cast<int32_t>(
          ParseInteger(take_value(), "--threads", 0, 4096));
    } else if (name == "--output-dir") {
      options.output_dir = take_value();
    } else if (name == "--bench") {
      options.bench = ParseInteger(take_value(), "--bench", 1, 100000000);
    } else if (name == "--profile") {
      options.profile = true;
    } else if (name == "--profile-top") {
      options.profile = true;
      options.profile_top =
          ParseInteger(take_value(), "--profile-top", 1, 100000000);
    } else if (name == "--profile-csv") {
      options.profile = true;
      options.profile_csv = take_value();
    } else if (name == "--warmup") {
      options.warmup = ParseInteger(take_value(), "--warmup", 0, 100000000);
    } else {
      throw UsageError("unknown option '" + name + "' (see --help)");
    }
  }
  if (!options.help && options.model.empty()) {
    throw UsageError("no model given (usage: kiln-run MODEL.kiln [options])");
  }
  return options;
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

uint16_t FloatToHalf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  uint32_t sign = (bits >> 16) & 0x8000;
  int32_t exponent = static_cast<int32_t>((bits >> 23) & 0xff) - 127 + 15;
  uint32_t mantissa = bits & 0x7fffff;
  if (((bits >> 23) & 0xff) == 0xff) {
    return static_cast<uint16_t>(sign | 0x7c00 | (mantissa ? 0x200 : 0));
  }
  if (exponent >= 31) return static_cast<uint16_t>(sign | 0x7c00);
  if (exponent <= 0) {
    if (exponent < -10) return static_cast<uint16_t>(sign);
    mantissa |= 0x800000;
    uint32_t shift = static_cast<uint32_t>(14 - exponent);
    uint32_t half = mantissa >> shift;
    uint32_t rest = mantissa & ((1u << shift) - 1);
    uint32_t midpoint = 1u << (shift - 1);
    if (rest > midpoint || (rest == midpoint && (half & 1))) ++half;
    return static_cast<uint16_t>(sign | half);
  }
  uint32_t half = (static_cast<uint32_t>(exponent) << 10) | (mantissa >> 13);
  uint32_t rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest == 0x1000 && (half & 1))) ++half;
  return static_cast<uint16_t>(sign | half);
}

float HalfToFloat(uint16_t value) {
  uint32_t sign = static_cast<uint32_t>(value & 0x8000) << 16;
  uint32_t exponent = (value >> 10) & 0x1f, mantissa = value & 0x3ff;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);
  } else if (exponent == 31) {
    magnitude = mantissa ? NAN : INFINITY;
  } else {
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400),
                           static_cast<int>(exponent) - 25);
  }
  uint32_t bits;
  std::memcpy(&bits, &magnitude, 4);
  bits |= sign;
  float result;
  std::memcpy(&result, &bits, 4);
  return result;
}

/// Element `i` of `data` as text.
std::string FormatValue(kiln_dtype_t dtype, const uint8_t* data, size_t i) {
  char text[64];
  auto load = [&](auto* value) {
    std::memcpy(value, data + i * sizeof(*value), sizeof(*value));
  };
  switch (dtype) {
    case KILN_DTYPE_F32: {
      float v;
      load(&v);
      std::snprintf(text, sizeof(text), "%g", v);
      break;
    }
    case KILN_DTYPE_F64: {
      double v;
      load(&v);
      std::snprintf(text, sizeof(text), "%g", v);
      break;
    }
    case KILN_DTYPE_F16: {
      uint16_t v;
      load(&v);
      std::snprintf(text, sizeof(text), "%g", HalfToFloat(v));
      break;
    }
    case KILN_DTYPE_BF16: {
      uint16_t v;
      load(&v);
      std::snprintf(text, sizeof(text), "%g", Bfloat16ToFloat(v));
      break;
    }
    case KILN_DTYPE_I8: {
      int8_t v;
      load(&v);
      std::snprintf(text, sizeof(text), "%d", v);
      break;
    }
    case KILN_DTYPE_I16: {
      int16_t v;
      load(&v);
      std::snprintf(text, sizeof(text), "%d", v);
      break;
    }
    case KILN_DTYPE_I32: {
      int32_t v;
      load(&v);
      std::snprintf(text, sizeof(text), "%d", v);
      break;
    }
    case KILN_DTYPE_I64: {
      int64_t v;
      load(&v);
      std::snprintf(text, sizeof(text), "%lld", static_cast<long long>(v));
      break;
    }
    case KILN_DTYPE_U8:
    case KILN_DTYPE_BOOL: {
      uint8_t v;
      load(&v);
      std::snprintf(text, sizeof(text), "%u", v);
      break;
    }
    case KILN_DTYPE_U16: {
      uint16_t v;
      load(&v);
      std::snprintf(text, sizeof(text), "%u", v);
      break;
    }
    case KILN_DTYPE_U32: {
      uint32_t v;
      load(&v);
      std::snprintf(text, sizeof(text), "%u", v);
      break;
    }
    case KILN_DTYPE_U64: {
      uint64_t v;
      load(&v);
      std::snprintf(text, sizeof(text), "%llu",
                    static_cast<unsigned long long>(v));
      break;
    }
    case KILN_DTYPE_I4: {
      int v = GetNibble(data, i);
      std::snprintf(text, sizeof(text), "%d", v >= 8 ? v - 16 : v);
      break;
    }
    case KILN_DTYPE_U4:
      std::snprintf(text, sizeof(text), "%u", GetNibble(data, i));
      break;
    case KILN_DTYPE_F4E2M1FN:
      std::snprintf(text, sizeof(text), "%g",
                    SmallFloatToFloat(dtype, GetNibble(data, i)));
      break;
    default:
      if (IsSmallFloat(dtype)) {
        std::snprintf(text, sizeof(text), "%g",
                      SmallFloatToFloat(dtype, data[i]));
      } else {
        std::snprintf(text, sizeof(text), "?");
      }
      break;
  }
  return text;
}

std::string ShapeText(const std::vector<int64_t>& shape) {
  std::string text = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) text += ",";
    text += shape[i] < 0 ? std::string("?") : std::to_string(shape[i]);
  }
  return text + "]";
}

/// Fills `tensor` with seeded pseudo-random values: floats in [-1, 1)
/// (float8/float4: random encodings of such values), integers in [0, 10)
/// (4-bit ones in [0, 8)), bools 0 or 1.
void FillRandom(Tensor& tensor, uint64_t seed) {
  uint64_t state = seed;
  auto next = [&] {  // splitmix64
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  };
  auto* data = static_cast<uint8_t*>(tensor.data());
  size_t count = tensor.element_count();
  kiln_dtype_t dtype = tensor.dtype();
  for (size_t i = 0; i < count; ++i) {
    uint64_t bits = next();
    float unit = static_cast<float>(static_cast<double>(bits >> 40) /
                                        static_cast<double>(1ull << 23) -
                                    1.0);
    int64_t integer = static_cast<int64_t>(bits % 10);
    auto store = [&](auto value) {
      std::memcpy(data + i * sizeof(value), &value, sizeof(value));
    };
    switch (dtype) {
      case KILN_DTYPE_F32:
        store(unit);
        break;
      case KILN_DTYPE_F64:
        store(static_cast<double>(unit));
        break;
      case KILN_DTYPE_F16:
        store(FloatToHalf(unit));
        break;
      case KILN_DTYPE_BF16:
        store(FloatToBfloat16(unit));
        break;
      case KILN_DTYPE_I8:
        store(static_cast<int8_t>(integer));
        break;
      case KILN_DTYPE_I16:
        store(static_cast<int16_t>(integer));
        break;
      case KILN_DTYPE_I32:
        store(static_cast<int32_t>(integer));
        break;
      case KILN_DTYPE_I64:
        store(integer);
        break;
      case KILN_DTYPE_U8:
        store(static_cast<uint8_t>(integer));
        break;
      case KILN_DTYPE_U16:
        store(static_cast<uint16_t>(integer));
        break;
      case KILN_DTYPE_U32:
        store(static_cast<uint32_t>(integer));
        break;
      case KILN_DTYPE_U64:
        store(static_cast<uint64_t>(integer));
        break;
      case KILN_DTYPE_BOOL:
        store(static_cast<uint8_t>(bits & 1));
        break;
      case KILN_DTYPE_I4:
      case KILN_DTYPE_U4:
        SetNibble(data, i, static_cast<uint8_t>(bits % 8));
        break;
      default: {
        if (!IsSmallFloat(dtype)) break;
        // A random encoding whose value lies in [-1, 1).
        bool packed = kiln_dtype_bits(dtype) == 4;
        uint8_t code;
        float value;
        do {
          code = static_cast<uint8_t>(next() & (packed ? 0x0F : 0xFF));
          value = SmallFloatToFloat(dtype, code);
        } while (!(value >= -1.0f && value < 1.0f));
        if (packed) {
          SetNibble(data, i, code);
        } else {
          data[i] = code;
        }
        break;
      }
    }
  }
}

//===----------------------------------------------------------------------===//
// Inputs and outputs
//===----------------------------------------------------------------------===//

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Tensor MakeInput(const TensorInfo& info, const InputSource& input,
                 const Options& options, size_t index) {
  std::string label = "input '" + info.name + "'";
  if (input.source == "random") {
    std::vector<int64_t> shape = info.shape;
    auto given = options.input_shapes.find(info.name);
    if (given != options.input_shapes.end()) {
      if (given->second.size() != shape.size()) {
        throw UsageError(label + ": --input-shape " + ShapeText(given->second) +
                         " has rank " + std::to_string(given->second.size()) +
                         ", the model's shape " + ShapeText(info.shape) +
                         " has rank " + std::to_string(shape.size()));
      }
      shape = given->second;
    } else {
      for (int64_t& dim : shape) dim = dim < 0 ? 1 : dim;
    }
    Tensor tensor = Tensor::Create(info.dtype, shape);
    FillRandom(tensor, options.seed * 1000003 + index);
    return tensor;
  }
  HostTensor host;
  std::string error, proto_name;
  bool ok;
  if (EndsWith(input.source, ".npy")) {
    ok = ReadNpy(input.source, &host, &error);
  } else if (EndsWith(input.source, ".pb")) {
    ok = ReadTensorProto(input.source, &host, &proto_name, &error);
  } else {
    throw UsageError(label + ": '" + input.source +
                     "' is not a .npy or .pb file, nor 'random'");
  }
  if (!ok) throw UsageError(label + ": " + error);
  if (host.dtype == KILN_DTYPE_F32 && info.dtype == KILN_DTYPE_BF16) {
    // NumPy has no bf16: accept f32 values.
    std::vector<uint8_t> converted(host.data.size() / 2);
    for (size_t i = 0; i < host.data.size() / 4; ++i) {
      float value;
      std::memcpy(&value, host.data.data() + 4 * i, 4);
      uint16_t bf16 = FloatToBfloat16(value);
      std::memcpy(converted.data() + 2 * i, &bf16, 2);
    }
    host.data.swap(converted);
    host.dtype = KILN_DTYPE_BF16;
  }
  if (host.dtype != info.dtype) {
    throw UsageError(label + ": " + input.source + " holds " +
                     kiln_dtype_name(host.dtype) + ", the model takes " +
                     kiln_dtype_name(info.dtype));
  }
  Tensor tensor = Tensor::Create(host.dtype, host.shape);
  if (!host.data.empty()) {
    std::memcpy(tensor.data(), host.data.data(), host.data.size());
  }
  return tensor;
}

/// A file name from an output name: [A-Za-z0-9._-] kept, others '_'.
std::string SanitizeName(const std::string& name, size_t index) {
  std::string file;
  for (char c : name) {
    bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '.' ||
                c == '_' || c == '-';
    file += keep ? c : '_';
  }
  if (file.empty() || file == "." || file == "..") {
    file = "output_" + std::to_string(index);
  }
  return file;
}

void PrintOutput(const TensorInfo& info, const Tensor& tensor, bool all) {
  const auto* data = static_cast<const uint8_t*>(tensor.data());
  size_t count = tensor.element_count();
  size_t shown = all ? count : std::min<size_t>(count, 8);
  std::printf("%s: %s %s =", info.name.c_str(), kiln_dtype_name(info.dtype),
              ShapeText(tensor.shape()).c_str());
  for (size_t i = 0; i < shown; ++i) {
    std::printf(" %s", FormatValue(info.dtype, data, i).c_str());
  }
  if (shown < count) std::printf(" ... (%zu values)", count);
  std::printf("\n");
}

double Percentile(const std::vector<double>& sorted, double fraction) {
  size_t rank = static_cast<size_t>(
      std::ceil(fraction * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

void Bench(Session& session, const Options& options) {
  for (int64_t i = 0; i < options.warmup; ++i) session.Run();
  session.ResetProfile();
  std::vector<double> times;
  times.reserve(static_cast<size_t>(options.bench));
  for (int64_t i = 0; i < options.bench; ++i) {
    auto start = std::chrono::steady_clock::now();
    session.Run();
    auto end = std::chrono::steady_clock::now();
    times.push_back(
        std::chrono::duration<double, std::milli>(end - start).count());
  }
  double sum = 0;
  for (double time : times) sum += time;
  std::sort(times.begin(), times.end());
  std::printf(
      "latency (ms) over %lld runs: min %.4f median %.4f p90 %.4f p99 %.4f "
      "mean %.4f\n",
      static_cast<long long>(options.bench), times.front(),
      Percentile(times, 0.5), Percentile(times, 0.9), Percentile(times, 0.99),
      sum / static_cast<double>(times.size()));
}

int Main(int argc, char** argv) {
  Options options = ParseArguments(argc, argv);
  if (options.help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  Model model = Model::LoadFile(options.model);
  SessionOptions session_options;
  session_options.SetDevice(options.device)
      .SetThreadCount(options.threads)
      .SetProfiling(options.profile);
  if (!options.function.empty()) session_options.SetFunction(options.function);
  Session session(model, session_options);
  std::vector<TensorInfo> inputs = model.Infos(session.function(), true);
  std::vector<TensorInfo> outputs = model.Infos(session.function(), false);
  std::string function =
      kiln_model_function_name(model.get(), session.function());

  std::vector<bool> bound(inputs.size(), false);
  for (const InputSource& input : options.inputs) {
    size_t index = 0;
    while (index < inputs.size() && inputs[index].name != input.name) ++index;
    if (index == inputs.size()) {
      std::string names;
      for (const TensorInfo& info : inputs) {
        names += (names.empty() ? "" : ", ") + info.name;
      }
      throw UsageError("function '" + function + "' has no input '" +
                       input.name +
                       "' (inputs: " + (names.empty() ? "none" : names) + ")");
    }
    if (bound[index]) {
      throw UsageError("input '" + input.name + "' is given twice");
    }
    bound[index] = true;
    session.BindInput(input.name,
                      MakeInput(inputs[index], input, options, index));
  }
  for (const auto& [name, shape] : options.input_shapes) {
    bool random = false;
    for (const InputSource& input : options.inputs) {
      random |= input.name == name && input.source == "random";
    }
    if (!random) {
      throw UsageError("--input-shape " + name +
                       " applies to random inputs only; pass --input " + name +
                       "=random");
    }
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (!bound[i]) {
      throw UsageError("input '" + inputs[i].name +
                       "' has no value; pass "
                       "--input " +
                       inputs[i].name + "=FILE.npy|FILE.pb|random");
    }
  }

  if (options.bench > 0) {
    Bench(session, options);
  } else {
    session.Run();
  }
  if (options.profile) {
    std::vector<kiln_profile_entry_t> profile = session.Profile();
    PrintProfile(profile, static_cast<size_t>(options.profile_top));
    std::string error;
    std::string csv = ProfileCsv(profile);
    if (!options.profile_csv.empty() &&
        !WriteFileAtomically(options.profile_csv,
                             std::vector<uint8_t>(csv.begin(), csv.end()),
                             &error)) {
      throw UsageError(error);
    }
  }

  if (!options.output_dir.empty() &&
      ::mkdir(options.output_dir.c_str(), 0777) != 0 && errno != EEXIST) {
    throw UsageError(options.output_dir +
                     ": cannot create: " + std::strerror(errno));
  }
  std::map<std::string, int> used;
  for (size_t i = 0; i < outputs.size(); ++i) {
    Tensor tensor = session.GetOutput(outputs[i].name);
    PrintOutput(outputs[i], tensor, options.print);
    if (options.output_dir.empty()) continue;
    std::string file = SanitizeName(outputs[i].name, i);
    if (used[file]++) file += "_" + std::to_string(i);
    std::string path = options.output_dir + "/" + file + ".npy";
    std::string error;
    if (!WriteFileAtomically(path,
                             EncodeNpy(tensor.dtype(), tensor.shape(),
                                       tensor.data(), tensor.byte_size()),
                             &error)) {
      throw UsageError(error);
    }
  }
  return 0;
}

std::string OneLine(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

}  // namespace
}  // namespace kiln::run

int main(int argc, char** argv) {
  try {
    return kiln::run::Main(argc, argv);
  } catch (const std::exception& error) {
    std::fflush(stdout);
    std::fprintf(stderr, "kiln-run: error: %s\n",
                 kiln::run::OneLine(error.what()).c_str());
    return 1;
  }
}
